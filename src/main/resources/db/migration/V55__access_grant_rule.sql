-- Issue 15.4: sharing grants reach customer data through the access policy, as one more relation
-- (GRANT: the person's department or partner organisation receives the customer under an approved,
-- active grant). The rule is the ceiling; each grant narrows it to its fields and its purpose.
-- The rule goes into a new policy version, copied from the one in force, so the policy's history
-- stays what it was. A draft pending at upgrade time was written against the old version: it is
-- withdrawn (its author proposes it again over this one) rather than approved later over the top
-- of this version.
UPDATE access_policy SET status = 'WITHDRAWN', decided_at = CURRENT_TIMESTAMP, decided_by = 'system',
       decision_reason = 'Withdrawn by the upgrade that added sharing grants; propose it again.'
 WHERE status = 'DRAFT';

INSERT INTO access_policy (version, created_at, created_by, reason, status, decided_at, decided_by)
SELECT MAX(version) + 1, CURRENT_TIMESTAMP, 'system', 'Sharing grants: recipients see what a grant gives them',
       'PUBLISHED', CURRENT_TIMESTAMP, 'system'
  FROM access_policy;

INSERT INTO access_rule (version, rule_id, position, relation, roles, actions, show_level, mask_level, reveal_level,
                         purposes, sensitive_purposes, review)
SELECT (SELECT MAX(version) FROM access_policy), rule_id, position, relation, roles, actions, show_level, mask_level,
       reveal_level, purposes, sensitive_purposes, review
  FROM access_rule
 WHERE version = (SELECT MAX(version) FROM access_policy
                   WHERE status = 'PUBLISHED' AND version < (SELECT MAX(version) FROM access_policy));

INSERT INTO access_rule (version, rule_id, position, relation, roles, actions, show_level, mask_level, reveal_level,
                         purposes, sensitive_purposes, review)
SELECT MAX(version), 'grant-recipient', 70, 'GRANT', 'DEPT_HEAD,EMPLOYEE,PARTNER', 'LIST,VIEW,REVEAL', 'L2', 'L4', 'L4',
       'AFTER_SALES,COMPLAINT_HANDLING,CONTRACT,CUSTOMS,DELIVERY,LEGAL_OBLIGATION,MARKETING,PAYMENT,SALES_FOLLOW_UP',
       'CONTRACT,CUSTOMS,PAYMENT', FALSE
  FROM access_policy;
