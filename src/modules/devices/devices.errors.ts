import { AppError, NotFound } from '@/common/errors.js';

export class DeviceNotFound extends NotFound {
  constructor() {
    super('Device');
  }
}

export class InvalidPairingCode extends AppError {
  constructor() {
    super('INVALID_PAIRING_CODE', 'The pairing code is unknown, used or expired; create a new one in the console');
  }
}
