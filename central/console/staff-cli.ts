/**
 * `npm run central -- staff …` (issue 16 §1): the only way to create console accounts.
 *   staff add USERNAME --name 显示名 --role viewer|reviewer|admin [--password-stdin]
 *   staff list
 *   staff disable USERNAME | staff enable USERNAME
 *   staff password USERNAME [--password-stdin]
 * Without --password-stdin the password is asked twice on the terminal (not echoed).
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { AdminError } from '../admin'
import type { CentralContext } from '../ingest'
import { addStaff, listStaff, setStaffDisabled, setStaffPassword } from './staff'

import { STAFF_USAGE } from './staff-usage'

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd()
}

async function ask(question: string): Promise<string> {
  let muted = false
  const out = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk as Buffer)
      cb()
    },
  })
  const rl = createInterface({ input: process.stdin, output: out, terminal: true })
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (a) => resolve(a))
      muted = true
    })
  } finally {
    rl.close()
    process.stderr.write('\n')
  }
}

async function password(args: string[]): Promise<string> {
  if (args.includes('--password-stdin')) return readStdinLine()
  if (!process.stdin.isTTY)
    throw new AdminError('password: use --password-stdin when not on a terminal')
  const a = await ask('新密码（不少于 12 个字符）：')
  const b = await ask('再次输入：')
  if (a !== b) throw new AdminError('password: the two entries differ')
  return a
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

export async function staffCommand(
  ctx: CentralContext,
  args: string[],
  out: (s: string) => void,
): Promise<number> {
  const [sub, user] = args
  switch (sub) {
    case 'add': {
      if (!user || user.startsWith('--'))
        throw new AdminError(`staff add: USERNAME required; ${STAFF_USAGE}`)
      const name = flag(args, '--name')
      const role = flag(args, '--role')
      if (!name) throw new AdminError('--name: a display name is required')
      if (!role) throw new AdminError('--role: viewer | reviewer | admin required')
      const s = await addStaff(ctx, {
        username: user,
        displayName: name,
        role,
        password: await password(args),
      })
      out(`已创建 / created: ${s.username} (${s.displayName}, ${s.role})\n`)
      return 0
    }
    case 'list':
      for (const s of await listStaff(ctx))
        out(
          `${s.username.padEnd(20)}  ${s.role.padEnd(8)}  ${s.disabledAt ? `disabled ${s.disabledAt}` : 'active'}  ${s.displayName}\n`,
        )
      return 0
    case 'disable':
    case 'enable': {
      if (!user) throw new AdminError(`staff ${sub}: USERNAME required`)
      await setStaffDisabled(ctx, user, sub === 'disable')
      out(`${sub === 'disable' ? '已停用 / disabled' : '已启用 / enabled'}: ${user}\n`)
      return 0
    }
    case 'password': {
      if (!user || user.startsWith('--')) throw new AdminError('staff password: USERNAME required')
      await setStaffPassword(ctx, user, await password(args))
      out(`已更新密码 / password changed: ${user} (sessions ended)\n`)
      return 0
    }
    default:
      throw new AdminError(`staff: unknown subcommand '${sub ?? ''}'; ${STAFF_USAGE}`)
  }
}
