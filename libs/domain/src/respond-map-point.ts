/**
 * The optional map point of a report, typed or pasted without a map (Vigil serves no map tiles:
 * it must work offline). Reads what people have at hand: decimal degrees with a dot or a
 * decimal comma (`48.8566, 2.3522`, `48,8566 2,3522`), hemispheres (`48.8566 N 2.3522 E`),
 * degrees-minutes-seconds (`48°51'24"N 2°21'08"E`), `geo:` URIs (RFC 5870) and the links of
 * OpenStreetMap (`#map=zoom/lat/lon`, `?mlat=&mlon=`) and Google Maps (`@lat,lon,zoom`, `?q=lat,lon`).
 * Checks the rules the server applies: latitude within ±90, longitude within ±180, both or
 * neither — each problem with the field it belongs to.
 *
 * Pure: no I/O; runs in the browser and in tests.
 */

/** A point in WGS 84 decimal degrees. */
export interface MapPoint {
  readonly latitude: number;
  readonly longitude: number;
}

/** A problem with a typed point, at its field. */
export interface MapPointProblem {
  readonly field: 'latitude' | 'longitude';
  readonly kind: 'not-a-number' | 'out-of-range' | 'missing';
}

/** Reads one coordinate typed alone: decimal (dot or comma), optional hemisphere letter, or DMS. */
export function parseCoordinate(text: string, axis: 'latitude' | 'longitude'): number | null {
  const trimmed = text.trim().toUpperCase();
  if (trimmed === '') return null;
  const match = /^([+-]?)(\d{1,3}(?:[.,]\d+)?)\s*°?\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:["″]|'')\s*)?([NSEW]?)$/.exec(trimmed);
  if (!match) return Number.NaN;
  const [, sign = '', degrees = '0', minutes, seconds, hemisphere = ''] = match;
  const number = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(',', '.')));
  if (hemisphere !== '' && (axis === 'latitude' ? !'NS'.includes(hemisphere) : !'EW'.includes(hemisphere))) return Number.NaN;
  if (hemisphere !== '' && sign !== '') return Number.NaN;
  if (number(minutes) >= 60 || number(seconds) >= 60) return Number.NaN;
  const value = number(degrees) + number(minutes) / 60 + number(seconds) / 3600;
  const negative = sign === '-' || hemisphere === 'S' || hemisphere === 'W';
  return negative ? -value : value;
}

/** Both coordinates from a link or text holding a pair; null when it holds none. */
export function parseMapPoint(text: string): MapPoint | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const pair = (lat: string | undefined, lon: string | undefined): MapPoint | null => {
    if (lat === undefined || lon === undefined) return null;
    const latitude = Number(lat);
    const longitude = Number(lon);
    return Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : null;
  };
  const decimal = '([+-]?\\d{1,3}(?:\\.\\d+)?)';
  // geo:48.85,2.35;u=35 (RFC 5870)
  const geo = new RegExp(`^geo:${decimal},${decimal}(?:,[^;]*)?(?:;.*)?$`, 'i').exec(trimmed);
  if (geo) return pair(geo[1], geo[2]);
  // OpenStreetMap: #map=17/48.85/2.35, or ?mlat=48.85&mlon=2.35
  const osm = new RegExp(`#map=\\d+(?:\\.\\d+)?/${decimal}/${decimal}`).exec(trimmed);
  if (osm) return pair(osm[1], osm[2]);
  const mlat = /[?&]mlat=([+-]?\d{1,3}(?:\.\d+)?)/.exec(trimmed);
  const mlon = /[?&]mlon=([+-]?\d{1,3}(?:\.\d+)?)/.exec(trimmed);
  if (mlat && mlon) return pair(mlat[1], mlon[1]);
  // Google Maps: /@48.85,2.35,17z or ?q=48.85,2.35 (also ll=, query=)
  const at = new RegExp(`/@${decimal},${decimal}`).exec(trimmed);
  if (at) return pair(at[1], at[2]);
  const query = new RegExp(`[?&](?:q|ll|query)=${decimal}(?:,|%2C)\\s*${decimal}`, 'i').exec(trimmed);
  if (query) return pair(query[1], query[2]);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return null;
  // Two coordinates as text: split on a comma followed by a space, a semicolon, or spaces
  // between the parts (a decimal comma stays inside its number).
  const parts = trimmed.split(/\s*;\s*|,\s+|\s+(?=[+-]?\d)/).filter((part) => part.length > 0);
  if (parts.length === 2) {
    const latitude = parseCoordinate(parts[0] ?? '', 'latitude');
    const longitude = parseCoordinate(parts[1] ?? '', 'longitude');
    if (latitude !== null && longitude !== null && Number.isFinite(latitude) && Number.isFinite(longitude)) return { latitude, longitude };
  }
  // "48.85,2.35" with no space: a plain comma between two dotted decimals.
  const tight = new RegExp(`^${decimal},${decimal}$`).exec(trimmed);
  if (tight) return pair(tight[1], tight[2]);
  return null;
}

/**
 * Checks a typed point: each coordinate reads as a number (`parseCoordinate`) within its range,
 * and both are given or neither. Returns the point (null when neither is given) or every
 * problem, each at its field.
 */
export function checkMapPoint(latitudeText: string, longitudeText: string): { readonly ok: true; readonly point: MapPoint | null } | { readonly ok: false; readonly problems: readonly MapPointProblem[] } {
  const problems: MapPointProblem[] = [];
  const latitude = parseCoordinate(latitudeText, 'latitude');
  const longitude = parseCoordinate(longitudeText, 'longitude');
  const check = (field: MapPointProblem['field'], value: number | null, limit: number) => {
    if (value === null) return;
    if (!Number.isFinite(value)) problems.push({ field, kind: 'not-a-number' });
    else if (Math.abs(value) > limit) problems.push({ field, kind: 'out-of-range' });
  };
  check('latitude', latitude, 90);
  check('longitude', longitude, 180);
  if (latitude === null && longitude !== null) problems.push({ field: 'latitude', kind: 'missing' });
  if (longitude === null && latitude !== null) problems.push({ field: 'longitude', kind: 'missing' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, point: latitude === null || longitude === null ? null : { latitude: round(latitude), longitude: round(longitude) } };
}

/** Six decimals (about 0.1 m): more is noise from a DMS conversion. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
