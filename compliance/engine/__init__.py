"""The engine: a profile's facts at a date judged against compiled rules, with scopes,
certifications, commitments in time, revisions, grades and the results they give."""
