output "glue_job_names" {
  description = "Glue job names by job: standardize, curate, maintain, audit."
  value       = { for job, glue_job in aws_glue_job.this : job => glue_job.name }
}

output "state_machine_arns" {
  description = "State machine ARNs by role: orchestrator, rebuilder."
  value       = { for role, machine in aws_sfn_state_machine.this : role => machine.arn }
}

output "state_machine_names" {
  description = "State machine names by role: orchestrator, rebuilder."
  value       = { for role, machine in aws_sfn_state_machine.this : role => machine.name }
}

output "glue_role_arn" {
  description = "ARN of the Glue jobs' role."
  value       = aws_iam_role.glue.arn
}
