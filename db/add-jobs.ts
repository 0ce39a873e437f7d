import { sql, type SQL } from 'drizzle-orm';

/**
 * Two CTEs for a `with` list: `<name>_specs`, the array of graphile_worker.job_spec that
 * `specs` (a SELECT of job_spec rows) gives, and `<name>`, one row whose `n` counts the jobs
 * graphile_worker.add_jobs added. add_jobs is not called when the array is empty: even empty it
 * runs its inserts and its NOTIFY (0.2–0.6 ms measured), and a batched record of webhook
 * deliveries queues no follow-up job at all.
 */
export function addJobsSql(name: string, specs: SQL): SQL {
  const cte = sql.identifier(name);
  const specsCte = sql.identifier(`${name}_specs`);
  return sql`${specsCte} as materialized (select array(${specs}) as specs),
    ${cte} as (
      select count(*) as n from ${specsCte} s cross join lateral graphile_worker.add_jobs(s.specs) where cardinality(s.specs) > 0
    )`;
}
