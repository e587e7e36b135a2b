"""The audit's verdicts (docs/audit.md): the state of one message id from what the deployment
holds, and the verdict of one topic x hour cell. Pure: no Spark, no AWS.

A message id's facts come from independent places — the topic's RAW table, raw_errors, the
curated table and curated_errors, the DLQ index, Firehose's S3 error output, the checkpoints —
and it gets exactly one state. Terminal states are the product contract (docs/architecture.md
§1); pending states name why a message is not terminal yet; broken states are a failure of the
promise and make the audit exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERMINAL = ("CURATED", "DUPLICATE", "CDE_REJECTED", "DROPPED", "DEAD_LETTERED")
#: Not terminal yet, with the reason: the topic is paused (a rebuild), RAW past the standardized
#: checkpoint, its dedup key past the curated checkpoint, only in Firehose's error output (replay
#: with `lean-ops replay-firehose-errors`), replayed from the DLQ and not arrived yet.
PENDING = ("PAUSED", "NOT_STANDARDIZED", "NOT_CURATED", "AWAITING_REPLAY", "REPLAY_IN_FLIGHT")
#: Broken: in two terminal places, curated twice, curated or rejected without the RAW record it
#: must come from, or processed (behind both checkpoints) and in no terminal state.
BROKEN = ("CONFLICT", "DOUBLE_COUNTED", "NO_RAW_RECORD", "LOST")
STATES = (*TERMINAL, *PENDING, *BROKEN)

#: The columns `message_state_sql` reads, one row per message id (see audit_job.message_facts).
FACT_COLUMNS = (
    "curated_rows",  # rows in the curated table with this `_message_id`
    "rejected",  # in curated_errors
    "dropped",  # in raw_errors
    "dead",  # ARCHIVED in the DLQ index
    "replayed",  # REPLAYED in the DLQ index
    "undelivered",  # in Firehose's error output (not yet replayed: replays move their lines)
    "in_raw",  # in the topic's RAW table
    "paused",  # the topic's control item says paused
    "not_standardized",  # its RAW row was appended after the standardized checkpoint
    "key_pending",  # its dedup key has a standardized row after the curated checkpoint
    "key_held_by_other",  # another message holds its dedup key in curated or curated_errors
)


def message_state_sql() -> str:
    """The state of a message from its facts, as a Spark SQL expression (first match wins:
    broken evidence before terminal states, terminal states before pending reasons)."""
    terminal_places = "(CAST(curated_rows > 0 AS INT) + CAST(rejected AS INT) + CAST(dropped AS INT) + CAST(dead AS INT))"
    return f"""CASE
      WHEN {terminal_places} > 1 THEN 'CONFLICT'
      WHEN curated_rows > 1 THEN 'DOUBLE_COUNTED'
      WHEN (curated_rows = 1 OR rejected) AND NOT in_raw THEN 'NO_RAW_RECORD'
      WHEN curated_rows = 1 THEN 'CURATED'
      WHEN rejected THEN 'CDE_REJECTED'
      WHEN dropped THEN 'DROPPED'
      WHEN dead THEN 'DEAD_LETTERED'
      WHEN paused THEN 'PAUSED'
      WHEN in_raw AND not_standardized THEN 'NOT_STANDARDIZED'
      WHEN in_raw AND key_pending THEN 'NOT_CURATED'
      WHEN in_raw AND key_held_by_other THEN 'DUPLICATE'
      WHEN undelivered AND NOT in_raw THEN 'AWAITING_REPLAY'
      WHEN replayed AND NOT in_raw THEN 'REPLAY_IN_FLIGHT'
      ELSE 'LOST'
    END"""


@dataclass
class Cell:
    """One topic and hour (of the message's first send): how many messages are in each state,
    and up to `examples` message ids per pending or broken state."""

    topic: str
    hour: str
    states: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> int:
        return sum(self.states.values())

    @property
    def verdict(self) -> str:
        """BROKEN if any message is in a broken state, else PENDING if any is pending, else RECONCILED."""
        if any(self.states.get(state) for state in BROKEN):
            return "BROKEN"
        if any(self.states.get(state) for state in PENDING):
            return "PENDING"
        return "RECONCILED"

    def to_dict(self) -> dict:
        return {
            "topic": self.topic,
            "hour": self.hour,
            "verdict": self.verdict,
            "messages": self.messages,
            "states": {state: self.states[state] for state in STATES if self.states.get(state)},
            "examples": {state: ids for state, ids in self.examples.items() if ids},
        }


def build_cells(topic: str, counts: list[tuple[str, str, int]], examples: list[tuple[str, str, str]], limit: int) -> list[Cell]:
    """Cells of one topic from (hour, state, count) rows and (hour, state, message id) example
    rows (any number; at most `limit` kept per hour and state, smallest ids first so a rerun
    names the same ones). Hours in order."""
    cells: dict[str, Cell] = {}
    for hour, state, count in counts:
        if state not in STATES:
            raise ValueError(f"{topic} {hour}: unknown state {state!r}")
        cell = cells.setdefault(hour, Cell(topic, hour))
        cell.states[state] = cell.states.get(state, 0) + int(count)
    for hour, state, message_id in sorted(examples):
        if state in TERMINAL or hour not in cells:
            continue
        kept = cells[hour].examples.setdefault(state, [])
        if len(kept) < limit:
            kept.append(message_id)
    return [cells[hour] for hour in sorted(cells)]
