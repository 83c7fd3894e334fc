-- Extensions first, in their own migration (STACK.md gotcha 4). PGlite loads them at open.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
