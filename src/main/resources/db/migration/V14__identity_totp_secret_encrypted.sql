-- TOTP secrets are now stored as ciphertext under the employee's data key (longer than the Base32 text).
ALTER TABLE employee ALTER COLUMN totp_secret SET DATA TYPE VARCHAR(512);
