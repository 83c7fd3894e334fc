import { searchKey, searchTokens } from '../../../core/japanese';

/** The search keys of a consultation, computed in one place for the service, the list search and the synthetic generator. */

/** Tokens of a search word for the GIN index: its bigrams, or the one character of a one-character word (as `text_tokens` stores them). */
export function consultationQueryTokens(q: string): string[] {
  const key = searchKey(q);
  return [...key].length === 1 ? [key] : searchTokens(q);
}

/** The text the list search runs over: receipt number, summary and subject, folded like names. */
export function consultationSearchText(receipt: string, summary: string, subject: string): string {
  return searchKey(`${receipt} ${subject} ${summary}`);
}
