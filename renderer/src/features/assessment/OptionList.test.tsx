import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../../../shared/domain/catalogue'
import { OptionList, toggleOption } from './OptionList'

const q01 = MIIT_2024.catalogue.questions.find((q) => q.id === 'Q01')!
const q02 = MIIT_2024.catalogue.questions.find((q) => q.id === 'Q02')!

function Harness({ id }: { id: 'Q01' | 'Q02' }) {
  const q = id === 'Q01' ? q01 : q02
  const [sel, setSel] = useState<string | string[] | null>(null)
  return (
    <>
      <OptionList question={q} selected={sel} disabled={false} onChange={setSel} />
      <output data-testid="value">{JSON.stringify(sel)}</output>
    </>
  )
}

const value = (): unknown => JSON.parse(screen.getByTestId('value').textContent ?? 'null')

afterEach(cleanup)

describe('OptionList', () => {
  it('multi choice: options add up in catalogue order; 「无」 excludes the others and back', () => {
    render(<Harness id="Q01" />)
    fireEvent.click(screen.getByTestId('option-D'))
    fireEvent.click(screen.getByTestId('option-B'))
    expect(value()).toEqual(['B', 'D'])
    expect(screen.getByTestId('option-B').getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByTestId('option-A')) // 无
    expect(value()).toEqual(['A'])
    fireEvent.click(screen.getByTestId('option-C'))
    expect(value()).toEqual(['C'])
    fireEvent.click(screen.getByTestId('option-C')) // untick the last one = unanswered
    expect(value()).toBeNull()
  })

  it('single choice: one key, a second click on it keeps it', () => {
    render(<Harness id="Q02" />)
    fireEvent.click(screen.getByTestId('option-C'))
    expect(value()).toBe('C')
    fireEvent.click(screen.getByTestId('option-E'))
    expect(value()).toBe('E')
    fireEvent.click(screen.getByTestId('option-E'))
    expect(value()).toBe('E')
    expect(screen.getAllByRole('radio')).toHaveLength(q02.options.length)
  })

  it('shows the verbatim option texts with their points', () => {
    render(<Harness id="Q02" />)
    expect(screen.getByTestId('option-B').textContent).toContain('(10%,20%]')
    expect(screen.getByTestId('option-B').textContent).toContain('1.5 分')
  })

  it('toggleOption ignores keys the question does not have', () => {
    expect(toggleOption(q02, 'B', 'Z')).toBe('B')
    expect(toggleOption(q01, null, 'Z')).toBeNull()
  })
})
