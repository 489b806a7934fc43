"""Evidence vault (INTEGRITY.md §2): tus uploads, content-addressed sealed blobs, access log.

Sealed evidence is append-only. There is no update and no delete path anywhere: no admin
registration, no API or UI for it, and the services only insert. A blob on disk is mode 0444
under its SHA-256; on S3 it is under Object Lock COMPLIANCE retention. `sanxiang verify`
re-hashes blobs against the ledger's `evidence.item.sealed` entries.
"""
