import { Button, type ButtonProps } from 'antd'
import { useRef, type ReactNode } from 'react'

/** A button that opens the file picker for one file (the input is reset so the same file can be picked again). */
export function FilePickButton(props: {
  accept: string
  onFile: (file: File) => void
  children: ReactNode
  loading?: boolean
  type?: ButtonProps['type']
  buttonTestId?: string
  inputTestId?: string
}) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <Button
        type={props.type}
        loading={props.loading}
        onClick={() => input.current?.click()}
        data-testid={props.buttonTestId}
      >
        {props.children}
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0]
          e.target.value = ''
          if (f) props.onFile(f)
        }}
        data-testid={props.inputTestId}
      />
    </>
  )
}

/** What a signed bundle file may look like to the picker. */
export const BUNDLE_ACCEPT = '.dlbundle,application/zip,application/octet-stream'
