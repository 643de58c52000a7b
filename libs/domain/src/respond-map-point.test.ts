import fc from 'fast-check';
import { expect, test } from 'vitest';
import { checkMapPoint, parseCoordinate, parseMapPoint } from './respond-map-point';

// Known answers: the Eiffel Tower, 48°51′29.6″N 2°17′40.2″E (its Wikipedia coordinates), is
// 48.858222, 2.2945 in decimal degrees (29.6/3600 + 51/60 + 48; 40.2/3600 + 17/60 + 2).
test.each([
  ['48.858222, 2.2945', { latitude: 48.858222, longitude: 2.2945 }],
  ['48.858222,2.2945', { latitude: 48.858222, longitude: 2.2945 }],
  ['48,858222 2,2945', { latitude: 48.858222, longitude: 2.2945 }],
  ['48,858222; 2,2945', { latitude: 48.858222, longitude: 2.2945 }],
  ['48.858222 N 2.2945 E', { latitude: 48.858222, longitude: 2.2945 }],
  ['-33.8568, 151.2153', { latitude: -33.8568, longitude: 151.2153 }],
  ['33.8568 S, 151.2153 E', { latitude: -33.8568, longitude: 151.2153 }],
  ['geo:48.858222,2.2945', { latitude: 48.858222, longitude: 2.2945 }],
  ['geo:48.858222,2.2945,35;u=10', { latitude: 48.858222, longitude: 2.2945 }],
  ['https://www.openstreetmap.org/#map=17/48.85822/2.29450', { latitude: 48.85822, longitude: 2.2945 }],
  ['https://www.openstreetmap.org/?mlat=48.85822&mlon=2.29450#map=17/48.85822/2.29450', { latitude: 48.85822, longitude: 2.2945 }],
  ['https://www.google.com/maps/place/Tour+Eiffel/@48.8583701,2.2944813,17z/data=x', { latitude: 48.8583701, longitude: 2.2944813 }],
  ['https://maps.google.com/?q=48.858222,2.2945', { latitude: 48.858222, longitude: 2.2945 }],
])('reads %s', (text, expected) => {
  expect(parseMapPoint(text)).toEqual(expected);
});

test.each(['', 'Paris', 'https://example.org/place/1', '48.85', '1 2 3'])('finds no pair in %j', (text) => {
  expect(parseMapPoint(text)).toBeNull();
});

test('degrees, minutes and seconds, with hemispheres on the right axis only', () => {
  expect(parseCoordinate(`48°51'29.6"N`, 'latitude')).toBeCloseTo(48.858222, 6);
  expect(parseCoordinate(`2°17'40.2"E`, 'longitude')).toBeCloseTo(2.2945, 6);
  expect(parseCoordinate(`2°17'40.2"W`, 'longitude')).toBeCloseTo(-2.2945, 6);
  expect(parseCoordinate('48.5 E', 'latitude')).toBeNaN();
  expect(parseCoordinate('-48.5 N', 'latitude')).toBeNaN();
  expect(parseCoordinate(`48°61'`, 'latitude')).toBeNaN();
  expect(parseCoordinate('abc', 'latitude')).toBeNaN();
  expect(parseCoordinate('  ', 'latitude')).toBeNull();
});

test('a point is checked for numbers, ranges and both-or-neither, each problem at its field', () => {
  expect(checkMapPoint('', '')).toEqual({ ok: true, point: null });
  expect(checkMapPoint('48,8582', '2.2945')).toEqual({ ok: true, point: { latitude: 48.8582, longitude: 2.2945 } });
  expect(checkMapPoint('91', '0')).toEqual({ ok: false, problems: [{ field: 'latitude', kind: 'out-of-range' }] });
  expect(checkMapPoint('-90', '-180')).toEqual({ ok: true, point: { latitude: -90, longitude: -180 } });
  expect(checkMapPoint('0', '180.5')).toEqual({ ok: false, problems: [{ field: 'longitude', kind: 'out-of-range' }] });
  expect(checkMapPoint('48.85', '')).toEqual({ ok: false, problems: [{ field: 'longitude', kind: 'missing' }] });
  expect(checkMapPoint('', '2.29')).toEqual({ ok: false, problems: [{ field: 'latitude', kind: 'missing' }] });
  expect(checkMapPoint('north', '')).toEqual({ ok: false, problems: [{ field: 'latitude', kind: 'not-a-number' }, { field: 'longitude', kind: 'missing' }] });
});

test('property: any point written as "lat, lon" reads back; checkMapPoint accepts exactly the points in range', () => {
  const coordinate = (limit: number) => fc.double({ min: -limit * 1.2, max: limit * 1.2, noNaN: true }).map((value) => Math.round(value * 1e5) / 1e5);
  fc.assert(
    fc.property(coordinate(90), coordinate(180), (latitude, longitude) => {
      const inRange = Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
      const checked = checkMapPoint(String(latitude), String(longitude));
      expect(checked.ok).toBe(inRange);
      if (checked.ok) expect(checked.point).toEqual({ latitude: latitude + 0, longitude: longitude + 0 });
      const pasted = parseMapPoint(`${latitude}, ${longitude}`);
      if (Math.abs(latitude) < 1000 && Math.abs(longitude) < 1000) expect(pasted).toEqual({ latitude: latitude + 0, longitude: longitude + 0 });
    }),
  );
});
