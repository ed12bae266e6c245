/**
 * Imports a task list: npm run plan:import -- FILE [--dry-run] [--json] [--year N] [--code 文号]
 *   [--title 标题] [--kind key_tasks|work_report|livelihood|meeting|leader_assigned] [--short-name 简称] [--sheet 工作表]
 *   [--district 行政区划代码] (required where the deployment holds several districts)
 * FILE may be .txt (UTF-8 or GB18030), .docx, .xlsx, .pdf (with a text layer) or .html.
 * --dry-run parses and reports without writing; --json prints the parse as the documented contract (docs/IMPORTER.md).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { endDatabase } from '@/db/client';
import { openMigratedDatabase } from '@/lib/db';
import { planImportOptionsSchema } from '@/lib/admin/schemas';
import { today } from '@/lib/clock';
import { getEnv } from '@/lib/env';
import { extractIndicators } from '@/lib/indicators/extract-indicators';
import { documentToText } from '@/lib/plan-import/document/document';
import { DocumentExtractError, extractDocument } from '@/lib/plan-import/document/extract-document';
import { importPlan, NoticeParseError, prepareImport } from '@/lib/plan-import/import-plan';
import { districtForCommand } from '@/lib/districts/district-service';
import { RefusalError } from '@/lib/errors';
import { planToJson } from '@/lib/plan-import/json-contract';

const USAGE = '用法：npm run plan:import -- 文件（.txt/.docx/.xlsx/.pdf/.html） [--dry-run] [--json] [--year 年度] [--code 文号] [--title 标题] [--kind 类型] [--short-name 简称] [--sheet 工作表] [--district 行政区划代码]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      year: { type: 'string' },
      code: { type: 'string' },
      title: { type: 'string' },
      kind: { type: 'string' },
      'short-name': { type: 'string' },
      sheet: { type: 'string' },
      district: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`找不到文件：${file}`);
    return 2;
  }
  // The same schema as the console's form.
  const options = planImportOptionsSchema.safeParse({ year: values.year, code: values.code, title: values.title, kind: values.kind, shortName: values['short-name'], sheet: values.sheet });
  if (!options.success) {
    console.error(`参数有误：${options.error.issues.map((i) => `${String(i.path[0])}：${i.message}`).join('；')}`);
    return 2;
  }
  let doc;
  try {
    doc = await extractDocument(new Uint8Array(fs.readFileSync(file)), file, { sheet: options.data.sheet });
  } catch (err) {
    if (err instanceof DocumentExtractError) {
      console.error(`导入失败：${err.message}（未写入任何数据）`);
      return 1;
    }
    throw err;
  }
  const env = getEnv();
  const db = await openMigratedDatabase(env);
  try {
    const district = await districtForCommand(db, values.district);
    const plan = await prepareImport(db, district.id, doc, options.data);
    if (values.json) {
      console.log(JSON.stringify({ ...planToJson(plan, extractIndicators), code: plan.planCode, title: plan.planTitle, year: plan.planYear, kind: plan.planKind }, null, 2));
    } else {
      console.log(`${plan.planCode}  ${plan.planTitle}（${plan.planYear} 年）`);
      console.log(`部分 ${plan.sections.length} 个，任务 ${plan.tasks.length} 项`);
      for (const w of plan.warnings) console.log(`  警告 第 ${w.line} 行：${w.message}  「${w.text}」`);
    }
    if (values['dry-run']) {
      if (!values.json) console.log('试运行（--dry-run）：未写入任何数据。');
      return 0;
    }
    const summary = await importPlan(db, district.id, plan, documentToText(doc), { today: today() });
    const status = { created: '已导入', updated: '已更新', unchanged: '内容未变化，未作修改' }[summary.status];
    const message = `${status}：${summary.code}，${summary.sections} 个部分，${summary.tasks} 项任务，新增单位 ${summary.unitsCreated.length} 个`;
    // Keep stdout pure JSON when --json is given.
    (values.json ? console.error : console.log)(message);
    return 0;
  } catch (err) {
    if (err instanceof NoticeParseError || err instanceof RefusalError) {
      console.error(`导入失败：${err.message}（未写入任何数据）`);
      return 1;
    }
    throw err;
  } finally {
    await endDatabase(db);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
