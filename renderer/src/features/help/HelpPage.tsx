/**
 * 说明 (issue 14): the two kinds of signature the app uses, and what the header's catalogue
 * check code and 数据已加密 / 数据未加密 mean and what to do about them. Linked from where each
 * appears (report dialog, profile, 签名与同步, recheck, panel, header).
 */
import { Alert, Button, Descriptions, Tag } from 'antd'
import { useCatalogue } from '../../app/catalogue.store'
import { useRoute } from '../../app/route.store'

export function HelpPage({ topic }: { topic: 'signatures' | 'data' }) {
  const go = useRoute((s) => s.go)
  const app = useCatalogue((s) => s.app)
  const info = useCatalogue((s) => s.info)
  // the topic asked for comes first
  const signaturesCard = (
    <div className="card" id="signatures" data-testid="help-signatures">
      <div className="card-head">
        <h3>本程序中的「签名」有两种，用途不同</h3>
      </div>
      <div className="help-columns">
        <section>
          <h4>
            <Tag color="blue">报告签名</Tag>PDF 报告的签名证书（.p12 / .pfx）
          </h4>
          <p>
            给<strong>诊断报告、验收评价、复核报告</strong>这类 PDF
            文件签名，证明报告由谁出具、出具后未被改动。用 PDF 阅读器（如
            WPS、福昕阅读器）打开报告即可看到签名。
          </p>
          <ul>
            <li>证书是一个 .p12 或 .pfx 文件，由评测机构或发证机构提供，带有证书密码。</li>
            <li>
              在「评测人员资料」中可设为默认证书；生成报告时只需输入证书密码。密码不会保存在本机。
            </li>
            <li>没有证书也能生成报告，只是报告没有签名。</li>
          </ul>
        </section>
        <section>
          <h4>
            <Tag color="purple">结果签名</Tag>签名包的「评测人员密钥」
          </h4>
          <p>
            给<strong>评测结果（签名包 .dlbundle）</strong>
            签名：完成的评测连同佐证材料打包并签名后变为只读，再发送给市级中心，或交给专家组组长、复核人员。收到的一方据此核实结果出自谁、未被改动。
          </p>
          <ul>
            <li>
              密钥在「签名与同步」→「评测人员密钥」中由本程序生成，保存在本机（系统密钥库或口令保护）。
            </li>
            <li>
              把「导出公钥文件」得到的文件交给市级中心登记，或交给专家组组长——组长导入后即可按姓名选择专家。
            </li>
            <li>公钥可以公开；含私钥的密钥文件不要交给任何人。</li>
          </ul>
        </section>
      </div>
      <Alert
        type="info"
        showIcon
        message="两者互不替代：报告证书只签 PDF 报告，评测人员密钥只签签名包。"
      />
      <div style={{ marginTop: 12 }}>
        <Button onClick={() => go({ name: 'sync' })}>前往「签名与同步」</Button>
      </div>
    </div>
  )
  const dataCard = (
    <div className="card" id="data" data-testid="help-data-card">
      <div className="card-head">
        <h3>本机数据与指标目录</h3>
      </div>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="评测指标">
          {info?.catalogue.title ?? '—'}（{info?.catalogue.issuedWith ?? ''}）
        </Descriptions.Item>
        <Descriptions.Item label="指标目录校验码">
          <span className="mono" data-testid="help-catalogue-hash">
            {app?.catalogueHash ?? '—'}
          </span>
          <div className="muted">
            每份评测都记下它所用指标目录的校验码；报告和签名包中的校验码相同，说明所依据的指标文本完全一致。页首显示的是它的前
            8 位。
          </div>
        </Descriptions.Item>
        <Descriptions.Item label="数据加密">
          {app?.encrypted ? (
            <span data-testid="help-encrypted">
              <Tag color="success">已加密</Tag>
              本机的评测数据库和佐证文件都已加密（密钥
              {app.keySource === 'os-keystore' ? '保存在系统密钥库' : '由启动口令生成'}
              ）。请定期备份。
            </span>
          ) : (
            <span data-testid="help-not-encrypted">
              <Tag color="warning">未加密</Tag>
              本机的评测数据以明文保存，拿到这台电脑的人可以读到企业资料。桌面版程序总是加密；浏览器模式请在启动前设置环境变量
              <code> DL_PASSPHRASE </code>（至少 8 个字符）后重新启动（例如{' '}
              <code>DL_PASSPHRASE=… npm run web</code>），已有数据会在启动时自动加密。
            </span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="数据目录">
          <span className="mono">{app?.dataDir ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="程序版本">{app?.version ?? '—'}</Descriptions.Item>
      </Descriptions>
    </div>
  )
  return (
    <div className="page help-page" data-testid="help-page">
      <div className="page-head">
        <div>
          <h2 className="page-title">说明</h2>
          <div className="muted">签名的两种含义 · 本机数据与指标目录</div>
        </div>
        <div className="page-actions">
          <Button
            type={topic === 'signatures' ? 'primary' : 'default'}
            onClick={() => go({ name: 'help', topic: 'signatures' })}
          >
            两种签名
          </Button>
          <Button
            type={topic === 'data' ? 'primary' : 'default'}
            onClick={() => go({ name: 'help', topic: 'data' })}
            data-testid="help-data"
          >
            本机数据与指标目录
          </Button>
        </div>
      </div>

      {topic === 'data' ? (
        <>
          {dataCard}
          {signaturesCard}
        </>
      ) : (
        <>
          {signaturesCard}
          {dataCard}
        </>
      )}
    </div>
  )
}
