import { Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { rolesOf, useMe } from '../../lib/session.ts';
import { onlyChoice } from '../../lib/only-choice.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { unitOptions } from '../../lib/unit-options.ts';
import { useUnits } from '../../lib/content.ts';
import { unitKinds, useCreateUnit, type UnitKind } from './api.ts';
import { UnitRow } from './UnitRow.tsx';

/** /app/quan-tri/don-vi: the unit tree I administer; create a sub-unit, rename, move. */
export default function UnitsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const me = useMe().data;
  // Everyone reads the unit tree; only an administrator changes it (the server refuses others): no form or buttons
  // for someone who opened this page by its address.
  const isAdmin = Boolean(me && rolesOf(me).has('admin'));
  const create = useCreateUnit();
  const send = useSingleFlight(create);
  const [parentId, setParentId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('unit');
  // A submit without a parent says so under the field (a greyed-out button said nothing).
  const [triedWithoutParent, setTriedWithoutParent] = useState(false);
  const options = unitOptions(units.data ?? []);
  const parent = parentId ?? onlyChoice(options);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedWithoutParent(!parent);
    if (parent) send({ parentId: parent, name, kind }, () => setName(''));
  };

  return (
    <Stack>
      <Title order={1}>{t('admin.units.title')}</Title>
      {me && !isAdmin && <Text>{t('admin.units.readOnly')}</Text>}
      {isAdmin && (
        <form onSubmit={submit} noValidate aria-label={t('admin.units.create')}>
          <Group align="flex-end">
            <Select label={t('admin.units.parent')} data={options} value={parent} onChange={setParentId} searchable required w={280} error={fieldError(create.error, '/parentId') ?? (triedWithoutParent && !parent ? t('common.chooseUnit') : undefined)} />
            <TextInput label={t('admin.units.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(create.error, '/name')} />
            <Select
              label={t('admin.units.kind')}
              data={unitKinds.map((k) => ({ value: k, label: t(`unitKinds.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as UnitKind)}
            />
            <Button type="submit" loading={create.isPending}>
              {t('admin.units.create')}
            </Button>
          </Group>
        </form>
      )}
      <ProblemAlert error={create.error} fieldsShownInline={['/parentId', '/name']} />
      <ProblemAlert error={units.error} />
      {units.data && units.data.length === 0 && <Text>{t('admin.units.none')}</Text>}
      {units.data && units.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.units.name')}</Table.Th>
                <Table.Th>{t('admin.units.kind')}</Table.Th>
                {isAdmin && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.data.map((unit) => (
                <UnitRow key={unit.id} unit={unit} parents={options.filter((o) => o.value !== unit.id)} actions={isAdmin} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
