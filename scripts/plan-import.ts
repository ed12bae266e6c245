/**
 * Imports a key-task notice: npm run plan:import -- FILE [--dry-run] [--json]
 * --dry-run parses and reports without writing; --json prints the parsed plan as JSON.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { databaseFile, openDatabase } from '@/db/client';
import { getEnv } from '@/lib/env';
import { importPlan, NoticeParseError, prepareImport, type ImportPlan } from '@/lib/plan-import/import-plan';

function toJson(plan: ImportPlan) {
  return {
    code: plan.planCode,
    title: plan.planTitle,
    year: plan.planYear,
    issuedOn: plan.issuedOn,
    sections: plan.sections.map((s) => ({ no: s.no, numeral: s.numeral, title: s.title })),
    tasks: plan.tasks.map((t) => ({
      no: t.no,
      section: t.sectionNo,
      title: t.title,
      lead: t.lead,
      participating: t.participating,
      openEnded: t.openEnded,
    })),
    warnings: plan.warnings,
  };
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) {
    console.error('用法：npm run plan:import -- 通知文件.txt [--dry-run] [--json]');
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`找不到文件：${file}`);
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  const env = getEnv();
  const db = openDatabase(databaseFile(env.dataDir));
  try {
    const plan = prepareImport(db, text);
    if (values.json) {
      console.log(JSON.stringify(toJson(plan), null, 2));
    } else {
      console.log(`${plan.planCode}  ${plan.planTitle}（${plan.planYear} 年）`);
      console.log(`部分 ${plan.sections.length} 个，任务 ${plan.tasks.length} 项`);
      for (const w of plan.warnings) console.log(`  警告 第 ${w.line} 行：${w.message}  「${w.text}」`);
    }
    if (values['dry-run']) {
      if (!values.json) console.log('试运行（--dry-run）：未写入任何数据。');
      return 0;
    }
    const summary = importPlan(db, plan, text);
    const status = { created: '已导入', updated: '已更新', unchanged: '内容未变化，未作修改' }[summary.status];
    const message = `${status}：${summary.code}，${summary.sections} 个部分，${summary.tasks} 项任务，新增单位 ${summary.unitsCreated.length} 个`;
    // Keep stdout pure JSON when --json is given.
    (values.json ? console.error : console.log)(message);
    return 0;
  } catch (err) {
    if (err instanceof NoticeParseError) {
      console.error(`导入失败：${err.message}（未写入任何数据）`);
      return 1;
    }
    throw err;
  } finally {
    db.$client.close();
  }
}

process.exitCode = main();
