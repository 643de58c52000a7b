import type { respondReportRoutes as R } from '@vigil/api';
import { checkMapPoint, parseMapPoint } from '@vigil/domain';
import type { ClipboardEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/fields';

type Jurisdiction = R.PublicJurisdictionView;

/** Props of the place picker. */
export interface PlacePickerProps {
  readonly form: string;
  readonly jurisdictions: readonly Jurisdiction[];
  readonly jurisdictionId: string;
  readonly onJurisdiction: (id: string) => void;
  readonly latitude: string;
  readonly longitude: string;
  readonly onPoint: (latitude: string, longitude: string) => void;
  readonly errors: ReadonlyMap<string, readonly string[]>;
}

/** The chain of jurisdictions from the top of the tree down to `id` (empty for none). */
function chainTo(id: string, byId: ReadonlyMap<string, Jurisdiction>): Jurisdiction[] {
  const chain: Jurisdiction[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}

/**
 * Where a report happened, without a map (no tiles offline, no map library): the area chosen
 * down the jurisdiction tree one level at a time (a select per level, each listing the areas
 * within the one above), and optionally a map point. The point is typed as latitude and
 * longitude (decimal, decimal comma, hemispheres or degrees-minutes-seconds), pasted whole
 * into either field (a pair, a `geo:` URI, an OpenStreetMap or Google Maps link fills both),
 * or taken from the device's own location (satellite positioning works offline). What was read
 * is announced, so a mistyped point is caught before sending.
 */
export function PlacePicker({ form, jurisdictions, jurisdictionId, onJurisdiction, latitude, longitude, onPoint, errors }: PlacePickerProps) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState('');
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  const childrenOf = (parentId: string | null) => jurisdictions.filter((j) => (j.parentId ?? null) === parentId).sort((a, b) => a.name.localeCompare(b.name));
  const chain = chainTo(jurisdictionId, byId);
  // One select per level: the roots, then the areas within each chosen one (while there are any).
  const levels: { parent: Jurisdiction | null; options: Jurisdiction[]; chosen: string }[] = [];
  let parent: Jurisdiction | null = null;
  for (let depth = 0; depth <= chain.length; depth += 1) {
    const options = childrenOf(parent?.id ?? null);
    if (options.length === 0) break;
    levels.push({ parent, options, chosen: chain[depth]?.id ?? '' });
    const next = chain[depth];
    if (!next) break;
    parent = next;
  }

  const checked = checkMapPoint(latitude, longitude);
  const point = checked.ok ? checked.point : null;
  const hemisphere = (value: number, positive: string, negative: string) => `${Math.abs(value)}° ${value < 0 ? negative : positive}`;

  function paste(event: ClipboardEvent<HTMLInputElement>): void {
    const pasted = parseMapPoint(event.clipboardData.getData('text'));
    if (!pasted) return;
    event.preventDefault();
    onPoint(String(pasted.latitude), String(pasted.longitude));
    setNotice(t('respond.intake.place.pasted'));
  }

  function locate(): void {
    setNotice(t('respond.intake.place.locating'));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const round = (value: number) => String(Math.round(value * 1e6) / 1e6);
        onPoint(round(position.coords.latitude), round(position.coords.longitude));
        setNotice(t('respond.intake.place.located', { metres: Math.round(position.coords.accuracy) }));
      },
      () => setNotice(t('respond.intake.place.notLocated')),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  return (
    <fieldset>
      <legend>{t('respond.intake.where')}</legend>
      <p className="hint">{t('respond.intake.place.areaHint')}</p>
      {levels.map((level, depth) => (
        <SelectField
          key={level.parent?.id ?? 'top'}
          form={form}
          path={depth === 0 ? 'jurisdictionId' : `jurisdictionId.${depth}`}
          label={level.parent ? t('respond.intake.place.within', { name: level.parent.name }) : t('respond.intake.jurisdiction')}
          value={level.chosen}
          emptyLabel={level.parent ? t('respond.intake.place.anywhereIn', { name: level.parent.name }) : t('respond.intake.unknownPlace')}
          options={level.options.map((j) => ({ value: j.id, label: j.name }))}
          onChange={(event) => onJurisdiction(event.target.value || (level.parent?.id ?? ''))}
          errors={depth === 0 ? errors : undefined}
        />
      ))}
      <p className="hint" id={`${form}-point-hint`}>
        {t('respond.intake.place.pointHint')}
      </p>
      <div className="grid-fields">
        <TextField form={form} path="latitude" label={t('respond.intake.latitude')} hint={t('respond.intake.place.latitudeHint')} inputMode="decimal" autoComplete="off" value={latitude} onChange={(event) => onPoint(event.target.value, longitude)} onPaste={paste} errors={errors} />
        <TextField form={form} path="longitude" label={t('respond.intake.longitude')} hint={t('respond.intake.place.longitudeHint')} inputMode="decimal" autoComplete="off" value={longitude} onChange={(event) => onPoint(latitude, event.target.value)} onPaste={paste} errors={errors} />
      </div>
      <p className="actions">
        {typeof navigator !== 'undefined' && 'geolocation' in navigator ? (
          <button type="button" className="secondary" onClick={locate}>
            {t('respond.intake.place.useLocation')}
          </button>
        ) : null}{' '}
        {latitude || longitude ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              onPoint('', '');
              setNotice(t('respond.intake.place.cleared'));
            }}
          >
            {t('respond.intake.place.clear')}
          </button>
        ) : null}
      </p>
      <p aria-live="polite" data-testid="point-reading">
        {notice ? `${notice} ` : ''}
        {point ? t('respond.intake.place.reading', { latitude: hemisphere(point.latitude, 'N', 'S'), longitude: hemisphere(point.longitude, 'E', 'W') }) : ''}
      </p>
    </fieldset>
  );
}
