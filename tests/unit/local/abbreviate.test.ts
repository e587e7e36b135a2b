import { abbreviateLists } from '../../../scripts/local/run/abbreviate';

describe('abbreviateLists', () => {
  it('keeps short arrays and scalars, cuts long arrays at any depth with a count', () => {
    const output = {
      processed: 75,
      failedTopics: [],
      unavailableTopics: Array.from({ length: 675 }, (_, index) => `t${index}`),
      nested: { runs: [[1, 2, 3, 4, 5, 6, 7]] },
    };
    expect(abbreviateLists(output, 3)).toEqual({
      processed: 75,
      failedTopics: [],
      unavailableTopics: ['t0', 't1', 't2', '… 672 more'],
      nested: { runs: [[1, 2, 3, '… 4 more']] },
    });
  });
});
