import { localStreamAssignment, topicsByStream } from '../../../scripts/local/run/localStreams';
import { parseStreamAssignment } from '../../../scripts/ops/capacity/streamAssignmentFile';

describe('the local run stream assignment', () => {
  it('deals topics round-robin so the first (active) topics cover every stream', () => {
    const topics = Array.from({ length: 7 }, (_, i) => `t-${i}`);
    const assignment = localStreamAssignment(topics, 3);
    expect(topicsByStream(assignment)).toEqual([
      ['t-0', 't-3', 't-6'],
      ['t-1', 't-4'],
      ['t-2', 't-5'],
    ]);
  });

  it('is a document Terraform and lean-ops capacity accept', () => {
    const assignment = localStreamAssignment(['a', 'b'], 2);
    expect(parseStreamAssignment(JSON.stringify(assignment), 'local')).toEqual(assignment);
  });

  it.each([0, -1, 1.5])('refuses %s streams', (streams) => {
    expect(() => localStreamAssignment(['a'], streams)).toThrow(RangeError);
  });
});
