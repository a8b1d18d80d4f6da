import { NotFound } from '@/common/errors.js';

export class CarrierNotFound extends NotFound {
  constructor() {
    super('Carrier');
  }
}
