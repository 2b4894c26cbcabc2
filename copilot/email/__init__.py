"""Email bodies as add-ins send them: HTML or text, with a quoted thread and a signature.

The service analyses only the sender's own words; every offset it returns still indexes
the body exactly as sent, in the unit the caller asked for.
"""
