// The safety number as a QR code (issue 19), beside its digits: the modules of a QR code (numeric
// mode, error correction M) from qrcode-generator, vendored from npm. Pure, so it is unit-tested.

import qrcode from '../vendor/qrcode-generator/qrcode.js';

/** The QR code of a safety number as rows of booleans (true: dark); spaces are left out. */
export function safetyQrModules(number) {
  const digits = String(number).replace(/\s+/g, '');
  if (!/^\d+$/.test(digits)) throw new TypeError('a safety number is digits');
  const qr = qrcode(0, 'M');
  qr.addData(digits, 'Numeric');
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, column) => qr.isDark(row, column)));
}
