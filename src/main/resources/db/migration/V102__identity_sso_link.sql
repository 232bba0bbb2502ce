-- Issue 24.1 (R-IT-1): an account signed in through the company's OpenID provider remembers who the
-- provider said it was, (issuer, subject), on the first sign-in. Later sign-ins match by that pair
-- alone, so a person renamed at the provider (another subject with the same username or e-mail)
-- cannot take the account over. Null for accounts never signed in that way.
alter table employee add column sso_issuer varchar(500);
alter table employee add column sso_subject varchar(255);
create unique index employee_sso_subject on employee (sso_issuer, sso_subject);
