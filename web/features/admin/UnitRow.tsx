import { Button, Group, Modal, Select, Stack, Table, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { useMoveUnit, useRenameUnit, type Unit } from './api.ts';

/** One unit of the tree (indented by depth) with its rename and move dialogs. */
export function UnitRow({ unit, parents, actions }: { unit: Unit; parents: { value: string; label: string }[]; actions: boolean }) {
  const { t } = useTranslation();
  const rename = useRenameUnit();
  const move = useMoveUnit();
  const [renaming, renameDialog] = useDisclosure(false);
  const [moving, moveDialog] = useDisclosure(false);
  const [name, setName] = useState(unit.name);
  const [parentId, setParentId] = useState<string | null>(unit.parentId);

  return (
    <Table.Tr>
      <Table.Td style={{ paddingLeft: `calc(${unit.depth} * 1.5rem + 0.5rem)` }}>{unit.name}</Table.Td>
      <Table.Td>{t(`unitKinds.${unit.kind}`)}</Table.Td>
      {actions && (
        <Table.Td>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={renameDialog.open} aria-label={t('admin.units.renameOf', { name: unit.name })}>
              {t('admin.units.rename')}
            </Button>
            {unit.parentId && (
              <Button size="xs" variant="light" onClick={moveDialog.open} aria-label={t('admin.units.moveOf', { name: unit.name })}>
                {t('admin.units.move')}
              </Button>
          )}
        </Group>
        <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={renaming} onClose={renameDialog.close} title={t('admin.units.renameOf', { name: unit.name })}>
          <Stack>
            <TextInput label={t('admin.units.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(rename.error, '/name')} data-autofocus />
            <ProblemAlert error={rename.error} fieldsShownInline={['/name']} />
            <Button loading={rename.isPending} onClick={() => rename.mutate({ id: unit.id, name }, { onSuccess: renameDialog.close })}>
              {t('common.save')}
            </Button>
          </Stack>
        </Modal>
        <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={moving} onClose={moveDialog.close} title={t('admin.units.moveOf', { name: unit.name })}>
          <Stack>
            <Select label={t('admin.units.newParent')} data={parents} value={parentId} onChange={setParentId} searchable error={fieldError(move.error, '/parentId')} />
            <ProblemAlert error={move.error} fieldsShownInline={['/parentId']} />
            <Button loading={move.isPending} disabled={!parentId} onClick={() => parentId && move.mutate({ id: unit.id, parentId }, { onSuccess: moveDialog.close })}>
              {t('admin.units.move')}
            </Button>
          </Stack>
        </Modal>
      </Table.Td>
      )}
    </Table.Tr>
  );
}
