/**
 * Test fixtures for the dossier tests (imported by *.test.ts only): a ledger of five invoices, one
 * per category. Eligible 550,000.50 yuan (55,000,050 fen), ineligible 200,000 yuan (厂房装修).
 */
import type { LedgerRow } from './types'

const H = (c: string) => c.repeat(64)

export const LEDGER: LedgerRow[] = [
  {
    invoiceNo: '41001234',
    date: '2025-06-01',
    supplier: '鹤壁某软件有限公司',
    amountFen: 30_000_000,
    category: 'software',
    invoiceEvidence: H('1'),
    paymentEvidence: H('2'),
  },
  {
    invoiceNo: '41001235',
    date: '2025-06-15',
    supplier: '某云服务商',
    amountFen: 12_000_050,
    category: 'cloud',
    invoiceEvidence: H('3'),
    paymentEvidence: H('4'),
  },
  {
    invoiceNo: '41001236',
    date: '2025-07-01',
    supplier: '某网络设备公司',
    amountFen: 8_000_000,
    category: 'data_equipment',
    invoiceEvidence: H('5'),
  },
  {
    invoiceNo: '41001237',
    date: '2025-07-10',
    supplier: '某咨询公司',
    amountFen: 5_000_000,
    category: 'consulting',
    invoiceEvidence: H('6'),
    paymentEvidence: H('7'),
  },
  {
    invoiceNo: '41001238',
    date: '2025-07-20',
    supplier: '某装饰工程公司',
    amountFen: 20_000_000,
    category: 'other',
    note: '厂房装修',
  },
]
