"""The checkpoints table as Terraform creates it (modules/state; docs/naming.md, checkpoints), for
local drills and benchmarks that run the Glue jobs without the whole local deployment."""

from __future__ import annotations


def create_checkpoint_table(name: str) -> None:
    """Creates the table on the local endpoint (AWS_ENDPOINT_URL): key topic (S) + layer (S)."""
    import boto3

    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "topic", "KeyType": "HASH"}, {"AttributeName": "layer", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "topic", "AttributeType": "S"},
            {"AttributeName": "layer", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
