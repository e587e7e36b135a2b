# The archive provider is deliberately absent: Lambda and Glue zips are built by
# scripts/terraform/package.py and referenced with filebase64sha256 (docs/decisions.md).
terraform {
  # 1.10: the S3 backend's native locking (use_lockfile in environments/*.s3.tfbackend)
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State lives in S3 with native lock files; the bucket, key and region come from
  # environments/<env>.s3.tfbackend at `terraform init -backend-config=...` (docs/deploy.md).
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      project     = var.project
      environment = var.environment
      managed-by  = "terraform"
    })
  }
}
