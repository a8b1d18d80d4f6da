import { describe, expect, it } from 'vitest';
import { maskPhone } from '../mask.js';

describe('maskPhone', () => {
  it('keeps the country and network prefix and the last two digits', () => {
    expect(maskPhone('+491512345689')).toBe('+4915******89');
    expect(maskPhone('+4915112345689')).toBe('+4915*******89');
  });

  it('hides more of a short number or sender name', () => {
    expect(maskPhone('12345')).toBe('1**45');
    expect(maskPhone('ACME')).toBe('****');
  });
});
