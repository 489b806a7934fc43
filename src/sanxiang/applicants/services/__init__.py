"""Applicant and party self-service writes (each audited and ledgered in its transaction)."""
