/** Asks for the database passphrase on the terminal without echoing it (CLI, browser-mode host). */
import { createInterface } from 'node:readline'

export function promptPassphrase(question = '数据库口令 / database passphrase: '): Promise<string> {
  const input = process.stdin
  if (!input.isTTY)
    return Promise.reject(
      new Error('需要数据库口令：请设置环境变量 DL_PASSPHRASE（标准输入不是终端，无法询问）'),
    )
  return new Promise((resolve) => {
    const rl = createInterface({ input, output: process.stderr, terminal: true })
    const out = rl as unknown as { _writeToOutput: (s: string) => void }
    let asked = false
    out._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true
        process.stderr.write(s)
      }
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
