/**
 * Passwords that appear at the top of every leaked-password list (Chinese and international).
 * Compared in lower case. Kept short on purpose: length and the letter+digit rule do the rest.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '87654321', '11111111', '00000000', '88888888', '66666666',
  '12341234', '11223344', '1qaz2wsx', '1q2w3e4r', '1q2w3e4r5t', 'qwer1234', 'asdf1234', 'zxcv1234',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword1', 'admin123', 'admin1234',
  'admin888', 'admin@123', 'abc12345', 'abcd1234', 'abc123456', 'a1234567', 'a12345678', 'a123456789',
  'aa123456', 'qq123456', 'woaini1314', 'woaini520', '5201314a', 'iloveyou1', 'qwerty123', 'qwertyui',
  'qwerty12', 'qazwsx123', 'zxcvbnm1', 'asdfghjk', 'test1234', 'test12345', 'root1234', 'user1234',
  'welcome1', 'welcome123', 'letmein1', 'changeme', 'changeme1', 'hedong123', 'hedong2023', 'linyi123',
  'dcs12345', 'duban123', 'admin2023', 'admin2024', 'admin2025', 'admin2026',
]);
