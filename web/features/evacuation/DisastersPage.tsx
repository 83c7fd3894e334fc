import { useState, type FormEvent } from 'react';
import { DisasterCreate } from '../../../core/contracts/evacuation';
import { api } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxGroup, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { codeLabel, when } from './format';
import { useDistricts } from './RegistryPage';
import type { Disaster } from './types';

const FIELDS = ['name', 'reason', 'districts'];

/**
 * 災害対応モード (issue #12 §5): switch it on with a name, a reason and the districts (none: the
 * whole city) after a second confirmation that says what it opens; end it, which closes every
 * grant it opened. The list links each event to its roll-call progress.
 */
export function DisastersPage() {
  const { t, locale } = useI18n();
  const d = t.evacuation.disasters;
  const list = useApi<Disaster[] | { items: Disaster[] }>('/api/disasters');
  const items = list.data ? (Array.isArray(list.data) ? list.data : list.data.items) : [];
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setNotice(text);
    list.reload();
  };
  const active = items.filter((x) => x.status === 'active');
  const ended = items.filter((x) => x.status === 'ended');
  return (
    <Page title={d.title} lead={d.lead}>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <Section title={d.active} id="active">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && active.length === 0 ? <p className="text-std-16N-170">{d.none}</p> : null}
        {active.map((x) => <ActiveDisaster key={x.id} disaster={x} onEnded={() => done(d.endedNotice)} />)}
      </Section>
      <StartForm onStarted={() => done(d.started)} />
      {ended.length > 0 ? (
        <Section title={d.ended} id="ended">
          <TableScroll label={d.ended}>
            <table className="w-full border-collapse">
              <thead>
                <tr>{[d.nameCol, d.startedAt, d.endedAt, d.grants].map((c) => <th key={c} scope="col" className={TH}>{c}</th>)}</tr>
              </thead>
              <tbody>
                {ended.map((x) => (
                  <tr key={x.id}>
                    <th scope="row" className={`${TD} text-left`}><Link href={`/disasters/${encodeURIComponent(x.id)}/progress`}>{x.name}</Link></th>
                    <td className={TD}>{when(x.startedAt, locale)}</td>
                    <td className={TD}>{x.endedAt ? when(x.endedAt, locale) : '—'}</td>
                    <td className={TD}>{d.grantsOpenedClosed(x.grantsOpened, x.grantsClosed ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      ) : null}
    </Page>
  );
}

function ActiveDisaster({ disaster: x, onEnded }: { disaster: Disaster; onEnded(): void }) {
  const { t, locale } = useI18n();
  const d = t.evacuation.disasters;
  const [ending, setEnding] = useState(false);
  const [reason, setReason] = useState('');
  const form = useFormErrors(['reason']);
  const end = async () => {
    try {
      await api.post(`/api/disasters/${encodeURIComponent(x.id)}/end`, reason.trim() ? { reason: reason.trim() } : {});
      onEnded();
    } catch (err) {
      form.showError(err);
    }
  };
  return (
    <div className="flex flex-col gap-3 rounded-8 border-2 border-red-900 bg-red-50 p-4" data-testid="active-disaster">
      <p className="text-std-20B-150">{x.name}（{codeLabel('disasterStatus', x.status, locale)}）</p>
      <p className="text-std-16N-170">{x.reason}</p>
      <p className="text-std-16N-170">
        {d.startedAt}：{when(x.startedAt, locale)}{x.startedByName ? `（${x.startedByName}）` : ''} ・ {x.wholeCity ? d.wholeCity : d.districtsCount(x.districts.length)} ・ {d.grantsOpen(x.grantsOpened)}
      </p>
      <p className="text-dns-14N-130">{x.legalBasis}</p>
      <div className="flex flex-wrap gap-3">
        <Link href={`/disasters/${encodeURIComponent(x.id)}/progress`} className="text-std-16B-170">{d.progress}</Link>
        <Link href={`/rollcall/${encodeURIComponent(x.id)}`} className="text-std-16B-170">{d.rollcall}</Link>
      </div>
      {ending ? (
        <div className="flex flex-col gap-3 rounded-8 border-2 border-solid-gray-600 bg-white p-4" role="group" aria-label={d.endTitle(x.name)}>
          <ErrorSummary form={form} labels={{ reason: d.endReason }} />
          <p className="text-std-18B-160">{d.endTitle(x.name)}</p>
          <p className="text-std-16N-170">{d.endConfirm}</p>
          <TextArea form={form} name="reason" label={d.endReason} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="flex flex-wrap gap-3">
            <Button variant="danger" onClick={() => void end()}>{d.confirmEnd}</Button>
            <Button variant="tertiary" onClick={() => setEnding(false)}>{d.cancel}</Button>
          </div>
        </div>
      ) : (
        <div><Button variant="danger" onClick={() => setEnding(true)} aria-label={d.endTitle(x.name)}>{d.end}</Button></div>
      )}
    </div>
  );
}

/** The switch: the form, then the second confirmation that says whom it opens the registry to. */
function StartForm({ onStarted }: { onStarted(): void }) {
  const { t } = useI18n();
  const d = t.evacuation.disasters;
  const form = useFormErrors(FIELDS);
  const districts = useDistricts();
  const [v, setV] = useState({ name: '', reason: '' });
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const body = () => ({ name: v.name.trim(), reason: v.reason.trim(), ...(chosen.length ? { districts: chosen } : {}) });
  const check = (e: FormEvent) => {
    e.preventDefault();
    const r = validate(DisasterCreate, body());
    if (!r.ok) return form.showIssues(r.issues);
    form.clear();
    setConfirming(true);
  };
  const start = async () => {
    try {
      await api.post('/api/disasters', body());
      setConfirming(false);
      setV({ name: '', reason: '' });
      setChosen([]);
      onStarted();
    } catch (err) {
      setConfirming(false);
      form.showError(err);
    }
  };
  const where = chosen.length ? districts.filter((x) => chosen.includes(x.id)).map((x) => x.name).join('、') : d.wholeCity;
  return (
    <Section title={d.startTitle} id="start">
      <form onSubmit={check} noValidate className="flex max-w-2xl flex-col gap-4">
        <ErrorSummary form={form} labels={{ name: d.name, reason: d.reason, districts: d.districts }} />
        <TextField form={form} name="name" label={d.name} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} disabled={confirming} />
        <TextArea form={form} name="reason" label={d.reason} required value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} disabled={confirming} />
        <CheckboxGroup form={form} name="districts" legend={d.districts} layout="grid" value={chosen} onChange={setChosen} options={districts.map((x) => ({ value: x.id, label: x.name }))} />
        {confirming ? (
          <div role="alertdialog" aria-labelledby="disaster-confirm-title" aria-describedby="disaster-confirm-body" className="flex flex-col gap-3 rounded-8 border-4 border-red-900 bg-red-50 p-4">
            <p id="disaster-confirm-title" className="text-std-18B-160">{d.confirmTitle}</p>
            <p id="disaster-confirm-body" className="text-std-16N-170">{d.confirmBody(where)}</p>
            <div className="flex flex-wrap gap-3">
              <Button variant="danger" onClick={() => void start()}>{d.confirm}</Button>
              <Button variant="tertiary" onClick={() => setConfirming(false)}>{d.cancel}</Button>
            </div>
          </div>
        ) : (
          <div><Button type="submit">{d.start}</Button></div>
        )}
      </form>
    </Section>
  );
}
