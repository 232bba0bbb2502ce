-- The privacy notice the product ships as version 1, published, so customers can be registered from
-- the first day. It is a template: the administration department drafts the company's own version
-- (copying this one), management approves it, and it is published as version 2.
INSERT INTO privacy_notice (version, status, title_zh, title_en, body_zh, body_en, drafted_at, published_at) VALUES
(1, 'PUBLISHED', '客户个人信息处理告知书（模板）', 'Privacy notice for customers (template)',
'一、处理者：本公司（以下称“我们”）。

二、处理目的与用途：为与您开展业务，我们在以下目的范围内处理您的信息：销售跟进、签订合同、发货交付、收付款、报关、售后服务、投诉处理、合规检查、履行法定义务；经您另行同意，用于市场营销。每一目的只使用其所必需的信息。

三、处理的信息：公司名称、行业、所在城市与国家/地区；联系人姓名、职务、业务需求；电话、电子邮箱、地址、交易记录；经您单独同意，身份证件号码、银行账号、财务信息及定价信息（敏感个人信息）。

四、保护措施：机密及以上级别信息加密存储，每位客户使用独立密钥；访问按最小必要原则逐字段控制并全部记入防篡改的审计日志；员工须签署保密协议并通过保密培训；向第三方提供须经您单独同意并签订保密协议。

五、保存期限：在实现上述目的所必需的期限内保存，合同关系结束后一般不超过三年，法律法规另有规定的从其规定；期满后删除或销毁密钥使其不可恢复。

六、您的权利：您可随时查阅、复制、更正、删除您的信息，撤回全部或部分同意（撤回不影响撤回前的处理），并可投诉。撤回同意后，相应目的立即停止。

七、联系方式：请联系您的客户经理或本公司行政部门（联系方式以公司公布为准）。',
'1. Controller: our company ("we").

2. Purposes and uses: to do business with you we process your information for these purposes: sales follow-up, contracts, delivery, payment, customs, after-sales service, complaint handling, compliance inspection and legal obligations; with your separate consent, marketing. Each purpose uses only the information it needs.

3. Information processed: company name, industry, city and country; contact name, job title, business needs; phone, e-mail, address, transaction records; with your separate consent, identity document number, bank account, financial information and pricing information (sensitive personal information).

4. Protection measures: confidential and secret information is stored encrypted, with a key of its own for each customer; access is decided field by field on the minimum necessary and every access is recorded in a tamper-evident audit log; employees sign a confidentiality agreement and are trained; information is given to a third party only with your separate consent and under a confidentiality agreement.

5. Retention: as long as the purposes require, as a rule no longer than three years after the business relationship ends unless the law requires otherwise; afterwards the information is deleted or its key destroyed so that it cannot be recovered.

6. Your rights: you may access, copy, correct and delete your information, withdraw all or part of your consent at any time (processing before the withdrawal stays lawful), and complain. A withdrawn purpose stops at once.

7. Contact: your account manager or our administration department (contact details as published by the company).',
CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

INSERT INTO privacy_notice_purpose (version, purpose) SELECT 1, code FROM purpose;
INSERT INTO privacy_notice_category (version, field_key) SELECT 1, field_key FROM field_definition;
