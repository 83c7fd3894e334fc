import { describe, expect, it } from 'vitest';
import { findRoute } from '../../app/routes';
import { ageOn, birthText, previewBirth } from './format';

describe('people formatting', () => {
  it('shows birth dates in 和暦 in Japanese and ISO in English', () => {
    expect(birthText('1940-03-01', 'ja')).toBe('昭和15年3月1日');
    expect(birthText('1940-03-01', 'en')).toBe('1940-03-01');
  });

  it('counts full years, the birthday itself included', () => {
    expect(ageOn('1940-03-01', '2026-02-28')).toBe(85);
    expect(ageOn('1940-03-01', '2026-03-01')).toBe(86);
    expect(ageOn('2030-01-01', '2026-03-01')).toBeNull();
  });

  it('reads what is typed in the birth date field', () => {
    expect(previewBirth('')).toEqual({ kind: 'empty' });
    expect(previewBirth('S15.3.1')).toEqual({ kind: 'ok', iso: '1940-03-01', wareki: '昭和15年3月1日' });
    expect(previewBirth('昭和15年2月30日')).toEqual({ kind: 'bad', reason: 'invalid_date' });
    expect(previewBirth('たなか')).toEqual({ kind: 'bad', reason: 'format' });
  });
});

describe('people routes', () => {
  it('matches fixed paths before /people/:id', () => {
    expect(findRoute('/people/new')?.path).toBe('/people/new');
    expect(findRoute('/people/imports')?.path).toBe('/people/imports');
    expect(findRoute('/people/abc-123')?.path).toBe('/people/:id');
    expect(findRoute('/people/abc/extra')).toBeUndefined();
    expect(findRoute('/people')?.path).toBe('/people');
  });
});
