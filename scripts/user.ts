/**
 * Operator CLI for accounts; the new password is read from standard input (first line).
 *   npm run user -- add --username U --role ROLE [--unit UNIT_NAME] [--name 姓名] [--district CODE] [--no-force-change]
 *     (--district: the account's district, required where the deployment holds several; the city
 *     office and the security and audit administrators belong to none)
 *   npm run user -- reset-password --username U [--no-force-change]
 *   npm run user -- reset-totp --username U      (clears the second factor: enrol again at next login)
 *   npm run user -- unlock --username U          (lifts a login lockout)
 * Honours DATA_DIR. By default the user must change the password at the next login.
 */
import { parseArgs } from 'node:util';
import { endDatabase } from '@/db/client';
import { openMigratedDatabase } from '@/lib/db';
import { createUser, resetPassword } from '@/lib/auth/account-service';
import { districtForCommand } from '@/lib/districts/district-service';
import { RefusalError } from '@/lib/errors';
import { resetTotpByOperator, unlockByOperator } from '@/lib/auth/operator-commands';
import { DEPLOYMENT_ROLES, ROLE_LABELS } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { cliErrorMessage, runCli } from './lib/run-cli';

const USAGE = `用法：
  npm run user -- add --username 用户名 --role 角色 [--unit 单位名称] [--name 姓名] [--district 行政区划代码] [--no-force-change]
  npm run user -- reset-password --username 用户名 [--no-force-change]
  npm run user -- reset-totp --username 用户名     清除动态口令，下次登录重新绑定
  npm run user -- unlock --username 用户名         解除登录锁定
新密码从标准输入读取（第一行），例如：echo '新密码' | npm run user -- reset-password --username admin
角色：${Object.entries(ROLE_LABELS)
  .map(([code, label]) => `${code}（${label}）`)
  .join('、')}`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('请输入新密码并回车：');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      district: { type: 'string' },
      'no-force-change': { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (!['add', 'reset-password', 'reset-totp', 'unlock'].includes(command ?? '') || !values.username) {
    console.error(USAGE);
    return 2;
  }
  // Only the commands that set a password read one.
  const password = command === 'add' || command === 'reset-password' ? await readPassword() : '';
  const env = getEnv();
  const db = await openMigratedDatabase(env);
  try {
    if (command === 'reset-totp') {
      await resetTotpByOperator(db, values.username);
      console.log(`已清除用户 ${values.username.toLowerCase()} 的动态口令，下次登录时须重新绑定；原有登录会话已失效`);
    } else if (command === 'unlock') {
      const was = await unlockByOperator(db, values.username);
      console.log(was ? `已解除用户 ${values.username.toLowerCase()} 的登录锁定` : `用户 ${values.username.toLowerCase()} 当前没有登录失败记录`);
    } else if (command === 'add') {
      // The deployment's own accounts belong to no district; every other account to one.
      const deploymentWide = (DEPLOYMENT_ROLES as readonly string[]).includes(values.role ?? '');
      if (deploymentWide && values.district) throw new RefusalError(`${ROLE_LABELS[values.role as 'city_supervisor']}不属于任何行政区，请去掉 --district`, 'district');
      const districtId = deploymentWide ? null : (await districtForCommand(db, values.district)).id;
      const user = await createUser(db, {
        username: values.username,
        role: values.role as never,
        districtId,
        unitName: values.unit,
        displayName: values.name,
        password,
        mustChangePassword: !values['no-force-change'],
      });
      console.log(`已创建用户 ${user.username}（${ROLE_LABELS[user.role]}）`);
    } else {
      await resetPassword(db, { username: values.username, password, mustChangePassword: !values['no-force-change'] });
      console.log(`已重置用户 ${values.username.toLowerCase()} 的密码，原有登录会话已失效`);
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
