"""pagu serve: the read-only web app for auditors (thin, like cli/)."""
