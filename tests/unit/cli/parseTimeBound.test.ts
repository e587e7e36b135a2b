import { parseTimeBound } from '../../../scripts/cli/parseTimeBound';

describe('parseTimeBound', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');

  it.each([
    ['6h', '2026-11-25T06:00:00.000Z'],
    ['30m', '2026-11-25T11:30:00.000Z'],
    ['2d', '2026-11-23T12:00:00.000Z'],
    ['2026-11-24', '2026-11-24T00:00:00.000Z'],
    ['2026-11-24T10:15:00+02:00', '2026-11-24T08:15:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    expect(parseTimeBound('--since', value, now)).toBe(expected);
  });

  it.each(['yesterday', '', '6 hours', '11/24/2026', '2026-13-45'])(
    'refuses %j naming the flag',
    (value) => {
      expect(() => parseTimeBound('--until', value, now)).toThrow(/--until/);
    },
  );

  it.each([
    [
      '99999999999d',
      /--since "99999999999d": an age reaches back to 1970-01-01 at most \(up to 20782d today\)/,
    ],
    ['9999999999999999999999h', /--since .*1970-01-01 at most/],
    ['1969-12-31', /--since "1969-12-31": before 1970-01-01; expected an ISO date/],
  ])('refuses %j with the accepted range, never "Invalid time value"', (value, message) => {
    expect(() => parseTimeBound('--since', value, now)).toThrow(message);
  });
});
