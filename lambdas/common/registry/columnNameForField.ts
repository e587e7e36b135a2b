/**
 * The standardized and curated column of a flattened field path: `.` becomes `__`
 * (docs/naming.md). Glue lower-cases column names, so compare them lower-cased.
 *
 * @example
 * columnNameForField('engine.coolant_c'); // 'engine__coolant_c'
 */
export function columnNameForField(path: string): string {
  return path.replaceAll('.', '__');
}
