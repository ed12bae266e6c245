/**
 * Operator CLI for districts (行政区), the tenants of a city's deployment:
 *   npm run district -- list
 *   npm run district -- add --code 371302 --name 兰山区 [--office 兰山区人民政府督查室]
 *   npm run district -- set --code 371312 [--name 河东区] [--office …] [--new-code …]
 * Honours DATA_DIR and DATABASE_URL. Accounts of a district: npm run user -- add … --district CODE.
 */
import { parseArgs } from 'node:util';
import { endDatabase } from '@/db/client';
import { addDistrict, listDistricts, updateDistrict } from '@/lib/districts/district-service';
import { openMigratedDatabase } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { cliErrorMessage, runCli } from './lib/run-cli';

const USAGE = `用法：
  npm run district -- list
  npm run district -- add --code 行政区划代码 --name 名称 [--office 督查机构名称]
  npm run district -- set --code 行政区划代码 [--name 名称] [--office 督查机构名称] [--new-code 新代码]`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { code: { type: 'string' }, name: { type: 'string' }, office: { type: 'string' }, 'new-code': { type: 'string' } },
  });
  const command = positionals[0];
  if (!['list', 'add', 'set'].includes(command ?? '') || (command !== 'list' && !values.code)) {
    console.error(USAGE);
    return 2;
  }
  const db = await openMigratedDatabase(getEnv());
  try {
    if (command === 'list') {
      for (const d of await listDistricts(db)) console.log(`${d.code}\t${d.name}\t${d.officeName}`);
    } else if (command === 'add') {
      const d = await addDistrict(db, { code: values.code!, name: values.name ?? '', officeName: values.office });
      console.log(`已添加行政区 ${d.name}（${d.code}），督查机构：${d.officeName}`);
    } else {
      const d = await updateDistrict(db, values.code!, { name: values.name, officeName: values.office, newCode: values['new-code'] });
      console.log(`已更新行政区 ${d.name}（${d.code}），督查机构：${d.officeName}`);
    }
    return 0;
  } catch (err) {
    console.error(`操作失败：${cliErrorMessage(err)}`);
    return 1;
  } finally {
    await endDatabase(db);
  }
}

runCli(main);
