import { columnNameForField } from '../../../lambdas/common/naming';
import type { TopicSchema } from '../registry';
import type { TableEvolution } from './types';

/**
 * The column changes a compatible schema change makes to the topic's two tables, from the base
 * and head schemas (the linter has already classified the change as compatible, so every type
 * change here is a widening). The standardized layer stores every declared field as text
 * (glue-jobs standardize), so it only gains `string` columns; the curated layer is typed.
 *
 * @example
 * tableEvolutions(base, head);
 * // [{ layer: 'standardized', add: [{ column: 'engine__oil_bar', type: 'string' }], widen: [] },
 * //  { layer: 'curated', add: [{ column: 'engine__oil_bar', type: 'double' }],
 * //    widen: [{ column: 'engine__rpm', type: 'long' }] }]
 */
export function tableEvolutions(base: TopicSchema, head: TopicSchema): TableEvolution[] {
  const added = Object.entries(head.fields).filter(([path]) => !Object.hasOwn(base.fields, path));
  const retyped = Object.entries(head.fields).filter(
    ([path, field]) => Object.hasOwn(base.fields, path) && base.fields[path]?.type !== field.type,
  );
  const evolutions: TableEvolution[] = [
    {
      layer: 'standardized',
      add: added.map(([path]) => ({ column: columnNameForField(path), type: 'string' })),
      widen: [],
    },
    {
      layer: 'curated',
      add: added.map(([path, field]) => ({ column: columnNameForField(path), type: field.type })),
      widen: retyped.map(([path, field]) => ({
        column: columnNameForField(path),
        type: field.type,
      })),
    },
  ];
  return evolutions.filter((evolution) => evolution.add.length + evolution.widen.length > 0);
}
