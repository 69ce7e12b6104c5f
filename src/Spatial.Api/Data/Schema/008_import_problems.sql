-- An import that could not be imported at all (unreadable, a layer or CRS missing, datum parameters needed) keeps the
-- RFC 9457 problem a synchronous request is answered with, parameter included: a client that followed a 202 learns
-- from it which parameter to give, not only the words of the failure.
ALTER TABLE imports ADD COLUMN problem jsonb;
