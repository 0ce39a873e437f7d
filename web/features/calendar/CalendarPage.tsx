import { formatRange, type DatesSetArg, type EventClickArg, type EventDropArg, type EventInput, type FormatterInput } from '@fullcalendar/core';
import viLocale from '@fullcalendar/core/locales/vi';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Alert, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../lib/api-client.ts';
import { stateColors, themeColors } from '../../lib/delivery-states.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useLiveRefresh } from '../../lib/live-events.ts';
import { PHONE_QUERY } from '../../lib/phone.ts';
import { formatDateTime, VIETNAM_TZ, vnTime } from '../../lib/time.ts';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import '../../lib/contrast.css';
import './calendar.css';
import { useCalendar, useFilterChoices, type CalendarDelivery, type CalendarQuery } from './api.ts';

/**
 * The calendar runs in UTC showing Vietnam wall-clock times (UTC+7, no DST), so it shows
 * Vietnam time whatever the office PC's own time zone is.
 */
const wallClock = (when: string | Date) => vnTime(when).format('YYYY-MM-DDTHH:mm:ss');

/**
 * A view's title in the format FullCalendar picks by default for it, its first letter a capital: the Vietnamese month
 * names are lowercase ("tháng 12 năm 2026"), and every other heading starts with a capital.
 */
function capitalTitle(format: Intl.DateTimeFormatOptions): FormatterInput {
  return (arg) => {
    const [locale] = arg.localeCodes;
    const title = formatRange(arg.start.marker, (arg.end ?? arg.start).marker, { ...format, locale, timeZone: 'UTC', separator: arg.defaultSeparator });
    return title.charAt(0).toLocaleUpperCase(locale) + title.slice(1);
  };
}
const weekTitle = { titleFormat: capitalTitle({ year: 'numeric', month: 'short', day: 'numeric' }) };
const views = { dayGridMonth: { titleFormat: capitalTitle({ year: 'numeric', month: 'long' }) }, timeGridWeek: weekTitle, listWeek: weekTitle };

const themes = ['policy', 'guidance', 'testimony', 'warning', 'counter_misinformation'] as const;

/**
 * /app/lich: items and deliveries by due time in Vietnam time (month, week, list),
 * coloured by state (border) and theme (fill); an approved delivery is dragged to a new
 * time when the server allows it, otherwise the calendar says why.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<{ fromDay: string; toDay: string } | null>(null);
  const [filter, setFilter] = useState<{ unitId?: string; channelId?: string; theme?: (typeof themes)[number] }>({});
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const choices = useFilterChoices();
  const query: CalendarQuery | null = range ? { ...range, ...filter } : null;
  const calendar = useCalendar(query);
  useLiveRefresh(['calendar']);

  const events: EventInput[] = [
    ...(calendar.data?.deliveries ?? []).map((d) => ({
      id: d.id,
      title: `${d.title} · ${d.channel.name} (${t(`deliveryStates.${d.state}`)})`,
      start: wallClock(d.dueAt),
      backgroundColor: themeColors[d.theme],
      borderColor: `var(--mantine-color-${stateColors[d.state]}-7)`,
      textColor: '#fff',
      startEditable: d.can.reschedule.allowed,
      extendedProps: { delivery: d },
    })),
    ...(calendar.data?.planned ?? []).map((p) => ({
      id: `${p.itemId}:${p.channel.id}`,
      title: `${p.title} · ${p.channel.name} (${t(`revisionStates.${p.state}`)})`,
      start: wallClock(p.publishAt),
      backgroundColor: '#fff',
      borderColor: themeColors[p.theme],
      textColor: '#1a1b1e',
      editable: false,
    })),
  ];

  function onDatesSet(arg: DatesSetArg) {
    const fromDay = arg.start.toISOString().slice(0, 10);
    const toDay = new Date(arg.end.getTime() - 1).toISOString().slice(0, 10);
    // FullCalendar calls this again on every re-render: only a new range is a change.
    setRange((r) => (r?.fromDay === fromDay && r.toDay === toDay ? r : { fromDay, toDay }));
  }

  async function onDrop(arg: EventDropArg) {
    const d = arg.event.extendedProps.delivery as CalendarDelivery;
    const dueAt = dayjs.tz(arg.event.start!.toISOString().slice(0, 19), VIETNAM_TZ).toISOString();
    let shown: { color: string; text: string };
    try {
      const answer = unwrap(await api.POST('/api/v1/deliveries/{id}/reschedule', { params: { path: { id: d.id } }, body: { dueAt } }));
      const submitted = 'outcome' in answer;
      if (submitted) arg.revert();
      shown = { color: 'green', text: submitted ? t('board.revisionSubmitted', { number: answer.revisionNumber }) : t('calendar.moved', { time: formatDateTime(dueAt) }) };
    } catch (err) {
      arg.revert();
      shown = { color: 'red', text: err instanceof ApiError ? err.problem.detail : String(err) };
    }
    // Re-read before re-rendering: a render with the old answer would put a moved event back on its old day.
    await queryClient.invalidateQueries({ queryKey: ['calendar'] });
    setMessage(shown);
  }

  function onClick(arg: EventClickArg) {
    const d = arg.event.extendedProps.delivery as CalendarDelivery | undefined;
    if (!d) return;
    const parts = [`${d.title} · ${d.channel.name}`, t('calendar.due', { time: formatDateTime(d.dueAt) })];
    if (d.approvedDueAt && d.approvedDueAt !== d.dueAt) parts.push(t('board.approvedTime', { time: formatDateTime(d.approvedDueAt) }));
    if (!d.can.reschedule.allowed && d.can.reschedule.reason) parts.push(d.can.reschedule.reason[currentLanguage()]);
    setMessage({ color: 'blue', text: parts.join(' — ') });
  }

  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('calendar.title')}</Title>
      <Group align="flex-end">
        <Select label={t('calendar.unit')} placeholder={t('calendar.all')} clearable data={choices.units.map((u) => ({ value: u.id, label: u.name }))} value={filter.unitId ?? null} onChange={(v) => setFilter((f) => ({ ...f, unitId: v ?? undefined }))} />
        <Select label={t('calendar.channel')} placeholder={t('calendar.all')} clearable data={choices.channels.map((c) => ({ value: c.id, label: c.name }))} value={filter.channelId ?? null} onChange={(v) => setFilter((f) => ({ ...f, channelId: v ?? undefined }))} />
        <Select
          label={t('calendar.theme')}
          placeholder={t('calendar.all')}
          clearable
          data={themes.map((th) => ({ value: th, label: t(`themes.${th}`) }))}
          value={filter.theme ?? null}
          onChange={(v) => setFilter((f) => ({ ...f, theme: (v as (typeof themes)[number] | null) ?? undefined }))}
        />
      </Group>
      <Text size="sm" c="gray.7">
        {t('calendar.legend')}
      </Text>
      {message && (
        <Alert color={message.color} role={message.color === 'red' ? 'alert' : 'status'} withCloseButton onClose={() => setMessage(null)} closeButtonLabel={t('board.close')}>
          {message.text}
        </Alert>
      )}
      {calendar.data?.truncated && <Alert color="yellow">{t('calendar.truncated')}</Alert>}
      <FullCalendar
        plugins={[dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
        locales={[viLocale]}
        locale={currentLanguage()}
        timeZone="UTC"
        // "Today" is Vietnam's date too: from 00:00 to 07:00 in Vietnam the UTC date is still yesterday.
        now={() => wallClock(new Date())}
        // A phone opens on the week's list: a month grid 390px wide shows only dots.
        initialView={window.matchMedia(PHONE_QUERY).matches ? 'listWeek' : 'dayGridMonth'}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' }}
        views={views}
        buttonIcons={false}
        buttonText={{ prev: t('calendar.prev'), next: t('calendar.next'), today: t('calendar.today'), month: t('calendar.month'), week: t('calendar.week'), list: t('calendar.list') }}
        dayCellDidMount={(arg) => arg.el.removeAttribute('aria-labelledby')}
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        // A publication is a moment, not FullCalendar's default hour: at 23:30 that hour ran past
        // midnight and the week's list showed the item on two days.
        defaultTimedEventDuration="00:01"
        firstDay={1}
        height="auto"
        editable
        eventDurationEditable={false}
        events={events}
        datesSet={onDatesSet}
        eventDrop={onDrop}
        eventClick={onClick}
      />
    </Stack>
  );
}
