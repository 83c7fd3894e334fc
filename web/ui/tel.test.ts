import { describe, expect, it } from 'vitest';
import { telHref } from './tel';

describe('tel: links', () => {
  it('keeps only the digits, folding full-width ones', () => {
    expect(telHref('0837-52-1111')).toBe('tel:0837521111');
    expect(telHref('０８３７－５２－１１１１')).toBe('tel:0837521111');
    expect(telHref('(0837) 52 1111')).toBe('tel:0837521111');
    expect(telHref('+81-837-52-1111')).toBe('tel:+81837521111');
  });
});
