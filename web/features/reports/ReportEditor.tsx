import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusRefusal } from '../../lib/focus-refusal.ts';
import { clearLocalCopy, loadLocalCopy, saveLocalCopy } from '../../lib/local-copy.ts';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { useDraft, useReportAction, useSaveDraft, useSubmitted, type DraftView, type PeriodChoice, type Report } from './api.ts';
import { cellText, fmt } from './format.ts';
import { TableScroll } from './TableScroll.tsx';

type Narrative = DraftView['narrative'];
const TEXT_FIELDS = ['number', 'place', 'summary', 'signerTitle', 'signerName'] as const;
const LONG_FIELDS = ['results', 'shortcomings', 'nextSteps'] as const;
const WEIGHTS = ['onTime', 'coverage', 'engagement', 'activities'] as const;
/** The server's limits (server/routes/reports/schemas.ts `Narrative`): the field stops there instead of a refused save. */
const MAX_LENGTH: Record<(typeof TEXT_FIELDS)[number] | (typeof LONG_FIELDS)[number], number> = {
  number: 100,
  place: 100,
  summary: 500,
  signerTitle: 200,
  signerName: 200,
  results: 20000,
  shortcomings: 20000,
  nextSteps: 20000,
};

/** What was typed since the last save, with the saved version it was typed over (a newer save elsewhere wins). */
interface LocalNarrative {
  base: string;
  narrative: Narrative;
  weights: DraftView['weights'];
}
const savedVersion = (d: DraftView) => JSON.stringify([d.narrative, d.weights]);

/** One child's submitted report beside today's recomputation; the parent's managers receive or return it. */
function Submission({ id, name, canWrite }: { id: string; name: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const view = useSubmitted(id);
  const act = useReportAction();
  const sendAct = useSingleFlight(act);
  const [comment, setComment] = useState('');
  if (!view.data) return null;
  const v = view.data;
  return (
    <Paper withBorder p="sm">
      <Text fw={700}>
        {name} — {t(`reports.state.${v.report.state}`)}
      </Text>
      {v.differences.length === 0 ? (
        <Text size="sm">{t('reports.noDifferences')}</Text>
      ) : (
        <Table withTableBorder captionSide="top">
          <Table.Caption>{t('reports.differences')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.figureCol')}</Table.Th>
              <Table.Th>{t('reports.snapshot')}</Table.Th>
              <Table.Th>{t('reports.live')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {v.differences.map((d) => (
              <Table.Tr key={d.label}>
                <Table.Td>{d.label}</Table.Td>
                <Table.Td>{fmt(d.snapshot)}</Table.Td>
                <Table.Td>{fmt(d.live)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && v.report.state === 'submitted' && (
        <Group align="flex-end" mt="sm">
          <Button onClick={() => sendAct({ id, action: 'receive' })}>{t('reports.receive')}</Button>
          <TextInput label={t('reports.returnComment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          <Button variant="default" disabled={!comment.trim()} onClick={() => sendAct({ id, action: 'return', comment })}>
            {t('reports.return')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** The narrative the manager writes before exporting (saved as a draft), the ranking weights, sending up, and the children's reports. */
export function ReportEditor({ unitId, period, report }: { unitId: string; period: PeriodChoice; report: Report }) {
  const { t } = useTranslation();
  const draft = useDraft(unitId, period);
  const save = useSaveDraft(unitId, period);
  const act = useReportAction();
  // Saving comes first in both buttons: a double-click sent the report up twice, the second refused in red.
  const sendSave = useSingleFlight(save);
  const [text, setText] = useState<Narrative | null>(null);
  const [weights, setWeights] = useState<DraftView['weights'] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const editorRef = useRef<HTMLDivElement>(null);
  useFocusRefusal(save.error ?? act.error, editorRef);
  const localKey = `loa.report.${unitId}.${period.period}.${period.from}.${period.to ?? ''}`;
  // Start from this browser's unsaved words when they were typed over the version the server still has.
  useEffect(() => {
    if (!draft.data) return;
    const local = loadLocalCopy<LocalNarrative>(localKey);
    const d = draft.data;
    const editable = d.can.write && (d.state === 'draft' || d.state === 'returned');
    const fromLocal = editable && local && local.base === savedVersion(d) ? local : null;
    setText(fromLocal?.narrative ?? d.narrative);
    setWeights(fromLocal?.weights ?? d.weights);
  }, [draft.data, localKey]);
  if (!draft.data || !text || !weights) return null;
  const d = draft.data;
  const editable = d.can.write && (d.state === 'draft' || d.state === 'returned');
  const error = generalError(save.error ?? act.error, ['/narrative'], t('common.networkError'));
  const edit = (next: { text?: Narrative; weights?: DraftView['weights'] }) => {
    const narrative = next.text ?? text;
    const nextWeights = next.weights ?? weights;
    setText(narrative);
    setWeights(nextWeights);
    saveLocalCopy(localKey, { base: savedVersion(d), narrative, weights: nextWeights } satisfies LocalNarrative);
  };
  const saveThen = (then?: (saved: { id: string | null }) => void) =>
    sendSave({ narrative: text, weights }, (saved) => {
      clearLocalCopy(localKey);
      then?.(saved);
    });
  return (
    <Stack ref={editorRef}>
      <Group justify="space-between">
        <Title order={2}>{t('reports.editor')}</Title>
        <Badge size="lg">{t(`reports.state.${d.state}`)}</Badge>
      </Group>
      {!d.can.write && <Text size="sm">{t('reports.readOnly')}</Text>}
      {d.state === 'returned' && d.returnComment && <Alert color="orange">{t('reports.returnedWith', { comment: d.returnComment })}</Alert>}
      {/* One field a line on a phone: five in a row left the summary ~60 px wide at 412 px. */}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
        {TEXT_FIELDS.map((f) => (
          <TextInput
            key={f}
            label={t(`reports.narrative.${f}`)}
            value={text[f]}
            maxLength={MAX_LENGTH[f]}
            disabled={!editable}
            error={errorFor(save.error, `/narrative/${f}`)}
            onChange={(e) => edit({ text: { ...text, [f]: e.currentTarget.value } })}
          />
        ))}
      </SimpleGrid>
      {LONG_FIELDS.map((f) => (
        <Textarea
          key={f}
          label={t(`reports.narrative.${f}`)}
          autosize
          minRows={3}
          value={text[f]}
          maxLength={MAX_LENGTH[f]}
          disabled={!editable}
          error={errorFor(save.error, `/narrative/${f}`)}
          onChange={(e) => edit({ text: { ...text, [f]: e.currentTarget.value } })}
        />
      ))}
      <Textarea
        label={t('reports.narrative.recipients')}
        autosize
        minRows={2}
        value={text.recipients.join('\n')}
        disabled={!editable}
        error={errorFor(save.error, '/narrative/recipients')}
        onChange={(e) => edit({ text: { ...text, recipients: e.currentTarget.value.split('\n').filter((l) => l.trim()) } })}
      />
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {WEIGHTS.map((w) => (
          // A decimal comma, as the formula beneath the ranking writes the weights (0,4).
          <NumberInput key={w} label={t(`reports.weight.${w}`)} min={0} step={0.1} decimalScale={2} decimalSeparator="," value={weights[w]} disabled={!editable} onChange={(v) => edit({ weights: { ...weights, [w]: Number(v) || 0 } })} />
        ))}
      </SimpleGrid>
      {/* Beside the buttons that failed (and scrolled to), not a long form's height above them. */}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {d.can.write && (
        <Group>
          <Button disabled={!editable} loading={save.isPending} onClick={() => saveThen()}>
            {t('reports.save')}
          </Button>
          {report.unit.parentId && (
            <Button
              variant="filled"
              color="green"
              disabled={!editable}
              loading={act.isPending}
              // A refused save shows beside the buttons; it must not escape as an unhandled rejection.
              onClick={() => saveThen((saved) => act.mutate({ id: saved.id!, action: 'submit' }))}
            >
              {t('reports.submit')}
            </Button>
          )}
          {save.isSuccess && <Text size="sm">{t('reports.saved')}</Text>}
        </Group>
      )}
      {report.submissions.length > 0 && (
        <TableScroll label={t('reports.submissions')} minWidth={480}>
          <Table striped withTableBorder captionSide="top">
            <Table.Caption>{t('reports.submissions')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.unit')}</Table.Th>
                <Table.Th>{t('reports.stateCol')}</Table.Th>
                <Table.Th>{t('reports.figure.reach')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('reports.open')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.submissions.map((s) => (
                <Table.Tr key={s.unitId}>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{t(`reports.state.${s.state ?? 'none'}`)}</Table.Td>
                  <Table.Td>{s.totals ? cellText(s.totals.figures.reach, t) : '–'}</Table.Td>
                  <Table.Td>
                    {s.reportId && s.state && s.state !== 'draft' && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('reports.openOf', { name: s.name })}
                        aria-expanded={open === s.reportId}
                        onClick={() => setOpen(open === s.reportId ? null : s.reportId)}
                      >
                        {t('reports.open')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {open && <Submission id={open} name={report.submissions.find((s) => s.reportId === open)?.name ?? ''} canWrite={d.can.write} />}
    </Stack>
  );
}
