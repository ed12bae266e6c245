/** npm run db:pg-schema: writes db/schema-pg.ts and db/schema.ts from db/schema-sqlite.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { pgSchemaSource, schemaSwitchSource } from '@/db/pg-schema-source';

const root = path.resolve(__dirname, '..');
fs.writeFileSync(path.join(root, 'db/schema-pg.ts'), pgSchemaSource());
fs.writeFileSync(path.join(root, 'db/schema.ts'), schemaSwitchSource());
console.log('已生成 db/schema-pg.ts 与 db/schema.ts');
