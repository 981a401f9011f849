"""What staff do in the CRM from chat: reads for cards and searches, and the audited writes."""
