import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; Weft applies them itself at start-up.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema/index.ts',
  out: './src/main/db/migrations',
});
