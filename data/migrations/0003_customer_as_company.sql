-- Schema version 3: no table changes. A sale with no company is now matched
-- by its customer name as a company too (invoices made out to a business),
-- and paid categories are resolved from campaign names that start with a
-- platform (gads_…, msads_…). The program computes every key, channel and
-- link again right after this script, in the same transaction.
SELECT 1;
