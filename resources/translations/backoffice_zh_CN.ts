<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CaseActions</name>
    <message>
        <source>Hearing</source>
        <translation>听证</translation>
    </message>
    <message>
        <source>Bidding</source>
        <translation>招标</translation>
    </message>
    <message>
        <source>Auction</source>
        <translation>拍卖</translation>
    </message>
    <message>
        <source>Inspection and testing</source>
        <translation>检验、检测</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>检疫</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>鉴定</translation>
    </message>
    <message>
        <source>Expert review</source>
        <translation>专家评审</translation>
    </message>
    <message>
        <source>Issue the one combined notice (lead department)</source>
        <translation>出具一次性补正告知书（牵头部门）</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>New wording of the chosen item, or why it is dropped</source>
        <translation>所选事项的新表述，或删除该事项的理由</translation>
    </message>
    <message>
        <source>Reword</source>
        <translation>修改表述</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>删除事项</translation>
    </message>
    <message>
        <source>Issue notice</source>
        <translation>出具告知书</translation>
    </message>
    <message>
        <source>Print or save as PDF…</source>
        <translation>打印或另存为 PDF…</translation>
    </message>
    <message>
        <source>What the applicant receives: every department&apos;s items, in one notice (dated today if issued today).</source>
        <translation>申请人收到的内容：各部门的补正内容，合为一份告知书（今日发出即以今日为成文日期）。</translation>
    </message>
    <message>
        <source>The one combined notice, issued on {day}</source>
        <translation>一次性告知书（{day} 已发出）</translation>
    </message>
    <message>
        <source>What the applicant received: the notice as it was sent.</source>
        <translation>申请人收到的内容：已发出的告知书原文。</translation>
    </message>
    <message>
        <source>The one combined notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>The notice is {length} characters long; the platform sends at most {limit}. Shorten the reasons (Reword) so that the applicant receives all of it: nothing may be left out of the one notice.</source>
        <translation>告知书共 {length} 字，平台最多可发送 {limit} 字。请精简补正理由（修改措辞），使申请人收到完整的告知书：一次性告知的内容不得有任何遗漏。</translation>
    </message>
    <message>
        <source>Not yet: your department is still reviewing its materials (task unclaimed, or checks without a verdict) as of the last sync. The one notice waits for every department: a defect found after it could not be told to the applicant.</source>
        <translation>暂不能发出：截至上次同步，本部门仍在审核材料（任务尚未认领，或尚有审查项未给出结论）。一次性告知书须等各部门审核完毕后发出：告知书发出后才发现的缺陷将无法再告知申请人。</translation>
    </message>
    <message>
        <source>Not yet: {department} is still reviewing its materials (task unclaimed, or checks without a verdict) as of the last sync. The one notice waits for every department: a defect found after it could not be told to the applicant.</source>
        <translation>暂不能发出：截至上次同步，{department} 仍在审核材料（任务尚未认领，或尚有审查项未给出结论）。一次性告知书须等各部门审核完毕后发出：告知书发出后才发现的缺陷将无法再告知申请人。</translation>
    </message>
    <message>
        <source>Not yet: {departments} are still reviewing their materials (task unclaimed, or checks without a verdict) as of the last sync. The one notice waits for every department: a defect found after it could not be told to the applicant.</source>
        <translation>暂不能发出：截至上次同步，{departments} 仍在审核材料（任务尚未认领，或尚有审查项未给出结论）。一次性告知书须等各部门审核完毕后发出：告知书发出后才发现的缺陷将无法再告知申请人。</translation>
    </message>
    <message>
        <source>The notice has no items, so there is nothing to tell the applicant.</source>
        <translation>告知书没有补正事项，无需告知申请人。</translation>
    </message>
    <message>
        <source>other departments</source>
        <translation>其他部门</translation>
    </message>
    <message>
        <source>The platform refused to issue the notice: {reason}</source>
        <translation>平台拒绝发出告知书：{reason}</translation>
    </message>
    <message>
        <source>Choose an item of the notice first; nothing was queued.</source>
        <translation>请先选择告知书中的一个事项；未加入待同步队列。</translation>
    </message>
    <message>
        <source>Write the new wording, or why the item is dropped; nothing was queued.</source>
        <translation>请填写新的表述或删除理由；未加入待同步队列。</translation>
    </message>
    <message>
        <source>At most {limit} characters; nothing was queued.</source>
        <translation>最多 {limit} 个字；未加入待同步队列。</translation>
    </message>
    <message>
        <source>Clock and extension</source>
        <translation>计时与延期</translation>
    </message>
    <message>
        <source>Suspend the clock for a special procedure</source>
        <translation>特别程序中止计时</translation>
    </message>
    <message>
        <source>Why the procedure is needed (required)</source>
        <translation>需要该程序的原因（必填）</translation>
    </message>
    <message>
        <source>Suspend the clock</source>
        <translation>中止计时</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>特别程序</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Starts on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End the special procedure</source>
        <translation>结束特别程序</translation>
    </message>
    <message>
        <source>Ended on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Why the case needs more time (required; the applicant is told)</source>
        <translation>需要延长期限的理由（必填，将告知申请人）</translation>
    </message>
    <message>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日数</translation>
    </message>
    <message>
        <source>A signer of the lead department, who stands for the head of the body, approves the extension; the platform then tells the applicant the reason and the new due date. Until then the deadline stays.</source>
        <translation>延期由牵头部门的签发人（代表本机关负责人）批准；批准后平台将延期理由和新的办理期限告知申请人。批准前办理期限不变。</translation>
    </message>
    <message>
        <source>Extension awaiting approval (Art. 42)</source>
        <translation>待批准的延期申请（第四十二条）</translation>
    </message>
    <message>
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <source>The clock is suspended: {procedure} since {date}.</source>
        <translation>已中止计时：{procedure}，自 {date} 起。</translation>
    </message>
    <message>
        <source>The clock is suspended (queued); the procedure can be ended after the next sync.</source>
        <translation>已中止计时（待发送）；下次同步后方可结束该程序。</translation>
    </message>
    <message>
        <source>The clock can be suspended only while the case is in review.</source>
        <translation>仅在办件审核中时可以中止计时。</translation>
    </message>
    <message>
        <source>The case has been extended once already; the law allows one extension (Art. 42).</source>
        <translation>本件已延期一次，依法只能延期一次（第四十二条）。</translation>
    </message>
    <message>
        <source>Special procedure (Art. 45)</source>
        <translation>特别程序（第四十五条）</translation>
    </message>
    <message>
        <source>Extension (Art. 42)</source>
        <translation>延期（第四十二条）</translation>
    </message>
    <message>
        <source>At most {days} working days: several departments handle this case jointly (Art. 42 allows one extension of 15 working days for joint handling).</source>
        <translation>最多 {days} 个工作日：本件由多个部门联合办理（第四十二条：联合办理的可延长十五个工作日，只能延长一次）。</translation>
    </message>
    <message>
        <source>At most {days} working days: Art. 42 allows one extension of 10 working days (15 when several departments handle the case jointly).</source>
        <translation>最多 {days} 个工作日：第四十二条规定可延长十个工作日，只能延长一次（多个部门联合办理的延长十五个工作日）。</translation>
    </message>
    <message>
        <source>Requested, waiting for the next sync: 1 working day ({reason})</source>
        <translation>已申请，待下次同步：延长 1 个工作日（{reason}）</translation>
    </message>
    <message>
        <source>1 working day, asked by {who} on {date}: {reason}</source>
        <translation>延长 1 个工作日，{who} 于 {date} 申请：{reason}</translation>
    </message>
    <message>
        <source>{days} working days, asked by {who} on {date}: {reason}</source>
        <translation>延长 {days} 个工作日，{who} 于 {date} 申请：{reason}</translation>
    </message>
    <message>
        <source>Approving extends the deadline by 1 working day once synced; the platform tells the applicant the reason and the new due date.</source>
        <translation>批准并同步后，办理期限延长 1 个工作日；平台将延期理由和新的办理期限告知申请人。</translation>
    </message>
    <message>
        <source>Approving extends the deadline by {days} working days once synced; the platform tells the applicant the reason and the new due date.</source>
        <translation>批准并同步后，办理期限延长 {days} 个工作日；平台将延期理由和新的办理期限告知申请人。</translation>
    </message>
    <message>
        <source>Pending approval by a signer of the lead department.</source>
        <translation>待牵头部门签发人批准。</translation>
    </message>
    <message>
        <source>The procedure starts between the acceptance ({accepted}) and today ({today}); nothing was queued.</source>
        <translation>特别程序的开始日期须在受理日（{accepted}）至今天（{today}）之间；未加入待同步队列。</translation>
    </message>
    <message>
        <source>The procedure cannot end after today; nothing was queued.</source>
        <translation>特别程序的结束日期不能晚于今天；未加入待同步队列。</translation>
    </message>
    <message>
        <source>An extension of this case is {low} to {high} working days; nothing was queued.</source>
        <translation>本件可延长 {low} 至 {high} 个工作日；未加入待发送队列。</translation>
    </message>
    <message>
        <source>The draft notice has no items yet.</source>
        <translation>告知书草稿中还没有补正事项。</translation>
    </message>
    <message>
        <source>Requested, waiting for the next sync: {days} working days ({reason})</source>
        <translation>已申请，待下次同步：延长 {days} 个工作日（{reason}）</translation>
    </message>
    <message>
        <source>The notice has no items, so there is nothing to tell the applicant; nothing was queued.</source>
        <translation>告知书没有补正事项，无需告知申请人；未加入待发送队列。</translation>
    </message>
    <message>
        <source>{waiting} Nothing was queued.</source>
        <translation>{waiting}未加入待发送队列。</translation>
    </message>
    <message>
        <source>{why} Nothing was queued.</source>
        <translation>{why}未加入待发送队列。</translation>
    </message>
    <message>
        <source>A notice went out already: say why a second one is needed; nothing was queued.</source>
        <translation>已出具过告知书：请说明需要再次告知的理由；未加入待发送队列。</translation>
    </message>
    <message>
        <source>The procedure cannot end before it started ({date}); nothing was queued.</source>
        <translation>特别程序的结束日期不能早于开始日期（{date}）；未加入待发送队列。</translation>
    </message>
    <message>
        <source>Write the reason first; nothing was queued.</source>
        <translation>请先填写理由；未加入待发送队列。</translation>
    </message>
    <message>
        <source>The reason may have at most {limit} characters; nothing was queued.</source>
        <translation>理由最多 {limit} 个字符；未加入待发送队列。</translation>
    </message>
    <message>
        <source>The procedure has ended; the clock resumes at the next sync.</source>
        <translation>特别程序已结束，下次同步后恢复计时。</translation>
    </message>
    <message>
        <source>Request an extension (Art. 42 of the Administrative Licensing Law)</source>
        <translation>申请延期（行政许可法第四十二条）</translation>
    </message>
    <message>
        <source>The applicant is told in writing (a notice on the portal) that the time of the procedure does not count toward the time limit (Art. 45 of the Administrative Licensing Law).</source>
        <translation>将以书面形式（门户通知）告知申请人：特别程序所需时间不计入审批时限（行政许可法第四十五条）。</translation>
    </message>
    <message>
        <source>End procedure, resume the clock</source>
        <translation>结束程序，恢复计时</translation>
    </message>
    <message>
        <source>Extension approved: 1 working day on {date} by {signer} ({reason})</source>
        <translation>已批准延期：延长 1 个工作日，{date}，批准人 {signer}（{reason}）</translation>
    </message>
    <message>
        <source>Extension approved: {days} working days on {date} by {signer} ({reason})</source>
        <translation>已批准延期：延长 {days} 个工作日，{date}，批准人 {signer}（{reason}）</translation>
    </message>
    <message>
        <source>Art. 32 of the Administrative Licensing Law: the notice must go out within five working days of acceptance: {due}</source>
        <translation>行政许可法第三十二条：须在受理后五个工作日内出具告知书：{due}</translation>
    </message>
</context>
<context>
    <name>ConflictField</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Case code</source>
        <translation>统一审核编码</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step time limit (working days)</source>
        <translation>环节时限（工作日）</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Step deadline</source>
        <translation>环节截止日期</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必交</translation>
    </message>
    <message>
        <source>Original to bring</source>
        <translation>需带原件</translation>
    </message>
    <message>
        <source>From the shared platform</source>
        <translation>来自共享平台</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>审查结论</translation>
    </message>
    <message>
        <source>Service item code</source>
        <translation>事项编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>办件类型</translation>
    </message>
    <message>
        <source>Accepted at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Promised time limit (working days)</source>
        <translation>承诺时限（工作日）</translation>
    </message>
    <message>
        <source>Statutory time limit (working days)</source>
        <translation>法定时限（工作日）</translation>
    </message>
    <message>
        <source>Division</source>
        <translation>行政区划</translation>
    </message>
    <message>
        <source>Site address</source>
        <translation>现场地址</translation>
    </message>
    <message>
        <source>Deadline (platform)</source>
        <translation>办理时限（平台）</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>起草人</translation>
    </message>
    <message>
        <source>Sealed by</source>
        <translation>签章人</translation>
    </message>
    <message>
        <source>File (SHA-256)</source>
        <translation>文件（SHA-256）</translation>
    </message>
    <message>
        <source>Items taken out</source>
        <translation>已删除的补正项</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>发出日期</translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation>补正日期</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <source>Postal address</source>
        <translation>邮寄地址</translation>
    </message>
    <message>
        <source>Joint decision</source>
        <translation>联合决定</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>Notice period (days)</source>
        <translation>公示期（天）</translation>
    </message>
    <message>
        <source>Reason for lateness</source>
        <translation>超期理由</translation>
    </message>
    <message>
        <source>Document (SHA-256)</source>
        <translation>文书（SHA-256）</translation>
    </message>
    <message>
        <source>Archive package (SHA-256)</source>
        <translation>归档包（SHA-256）</translation>
    </message>
    <message>
        <source>Approved on</source>
        <translation>批准日期</translation>
    </message>
    <message>
        <source>Requested on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Departments&apos; answers</source>
        <translation>各部门答复</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>现场勘察</translation>
    </message>
    <message>
        <source>Checklist points</source>
        <translation>勘察要点</translation>
    </message>
    <message>
        <source>Confirmed at</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>Applicant told on</source>
        <translation>告知申请人日期</translation>
    </message>
    <message>
        <source>Yours: as you had it when you made the change</source>
        <translation>您的：您修改时看到的记录</translation>
    </message>
    <message>
        <source>Yours: as {who} had it when making the change, {when}</source>
        <translation>您的：{who} 于 {when} 修改时看到的记录</translation>
    </message>
    <message>
        <source>The platform&apos;s now: unchanged since then</source>
        <translation>平台当前的：此后未被修改</translation>
    </message>
    <message>
        <source>The platform&apos;s now: changed on the platform after that (by whom and when, the platform does not say)</source>
        <translation>平台当前的：此后已在平台上被修改（平台未提供修改人和修改时间）</translation>
    </message>
    <message>
        <source>The platform&apos;s now</source>
        <translation>平台当前的</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>审查项</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>审查结论</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>勘察结论</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日数</translation>
    </message>
    <message>
        <source>To department</source>
        <translation>移交部门</translation>
    </message>
    <message>
        <source>To colleague</source>
        <translation>转交同事</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>告知方式</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>补正事项</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Reason for a second notice</source>
        <translation>再次告知的理由</translation>
    </message>
    <message>
        <source>Reason for a time after the deadline</source>
        <translation>时间晚于办理期限的理由</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Ends at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>勘察人员</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>核查清单</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>拟定时间版本</translation>
    </message>
    <message>
        <source>Review task</source>
        <translation>审核任务</translation>
    </message>
    <message>
        <source>Special procedure</source>
        <translation>特别程序</translation>
    </message>
    <message>
        <source>Started on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Ended on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>参与部门</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>勘察情况</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Checklist point</source>
        <translation>勘察要点</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>整改内容</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>{item}: {verdict} ({note})</source>
        <translation>{item}：{verdict}（{note}）</translation>
    </message>
    <message>
        <source>{item}: {verdict}</source>
        <translation>{item}：{verdict}</translation>
    </message>
    <message>
        <source>{item}: {requirement}</source>
        <translation>{item}：{requirement}</translation>
    </message>
    <message>
        <source>photo {n} (no caption)</source>
        <translation>照片 {n}（无说明）</translation>
    </message>
    <message>
        <source>immediate case</source>
        <translation>即办件</translation>
    </message>
    <message>
        <source>Escalate by</source>
        <translation>上报期限</translation>
    </message>
    <message>
        <source>promised case</source>
        <translation>承诺件</translation>
    </message>
    <message>
        <source>escalated case</source>
        <translation>上报件</translation>
    </message>
    <message>
        <source>person</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>company</source>
        <translation>法人</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ConflictListDialog</name>
    <message>
        <source>Refused by the platform</source>
        <translation>被平台拒绝</translation>
    </message>
    <message>
        <source>Not applied</source>
        <translation>未执行</translation>
    </message>
    <message>
        <source>In conflict</source>
        <translation>存在冲突</translation>
    </message>
    <message>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field}：{value}</translation>
    </message>
    <message>
        <source>(no details)</source>
        <translation>（无详细内容）</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Conflicted changes</source>
        <translation>存在冲突的修改</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Your change was based on</source>
        <translation>您修改时依据的版本</translation>
    </message>
    <message>
        <source>On the platform now</source>
        <translation>平台当前版本</translation>
    </message>
    <message>
        <source>What the change contained</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>No conflicts. Every change you made was accepted by the platform or is waiting to be sent.</source>
        <translation>没有冲突。您的所有修改均已被平台接受或正在等待发送。</translation>
    </message>
    <message>
        <source>&amp;Re-apply</source>
        <translation>重新提交(&amp;R)</translation>
    </message>
    <message>
        <source>Discard {count} changes?</source>
        <translation>放弃这 {count} 项修改？</translation>
    </message>
    <message>
        <source>Discard the {count} selected changes? The platform&apos;s records stay as they are; your changes are lost.</source>
        <translation>放弃所选的 {count} 项修改？平台上的记录保持不变，您的这些修改将丢失。</translation>
    </message>
    <message>
        <source>Re-applied {done} of {total} changes. These no longer fit and stay in the list:</source>
        <translation>已重新提交 {done} 项修改（共 {total} 项）。以下修改已不再适用，仍保留在列表中：</translation>
    </message>
    <message>
        <source>{kind} on {record}: {reason}</source>
        <translation>对{record} 的“{kind}”：{reason}</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>{kind} on {record}, by {author} at {when}. {state}.</source>
        <translation>{author} 于 {when} 对{record} 执行“{kind}”。{state}。</translation>
    </message>
    <message>
        <source>Discard “{kind}” on {record}? The platform&apos;s record stays as it is; your change is lost.</source>
        <translation>放弃对{record} 的“{kind}”？平台上的记录保持不变，您的修改将丢失。</translation>
    </message>
    <message>
        <source>This field differs.</source>
        <translation>此字段不一致。</translation>
    </message>
    <message>
        <source>Queue the selected changes again on the platform&apos;s current records (Enter).</source>
        <translation>基于平台当前记录重新提交所选修改（回车键）。</translation>
    </message>
    <message>
        <source>Drop the selected changes; the platform&apos;s records stay (Delete).</source>
        <translation>放弃所选修改，保留平台上的记录（Delete 键）。</translation>
    </message>
    <message>
        <source>The stored records of this change cannot be read; it can still be discarded.</source>
        <translation>此项修改保存的记录无法读取，但仍可放弃。</translation>
    </message>
    <message>
        <source>The platform sent no record for this change.</source>
        <translation>平台未就此项修改返回记录。</translation>
    </message>
    <message>
        <source>Discard the change?</source>
        <translation>放弃此项修改？</translation>
    </message>
</context>
<context>
    <name>CorrectionNotice</name>
    <message>
        <source>Notice / department / material</source>
        <translation>告知书 / 部门 / 申请材料</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>补正理由</translation>
    </message>
    <message>
        <source>Our items from failing checks</source>
        <translation>本部门拟告知的补正内容（来自审查未通过项）</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Untick an item to leave it out of the notice (Space).</source>
        <translation>取消勾选某一事项，即不列入告知书（空格键）。</translation>
    </message>
    <message>
        <source>A notice went out already: why a second one is needed (only for a defective supplement)</source>
        <translation>一次性告知书已发出：请说明需再次告知的理由（仅限所补材料仍有缺陷的情形）</translation>
    </message>
    <message>
        <source>Add our items to the notice</source>
        <translation>将本部门补正内容加入告知书</translation>
    </message>
    <message>
        <source>Draft, not sent yet</source>
        <translation>草稿，尚未发出</translation>
    </message>
    <message>
        <source>Issued on {date}</source>
        <translation>已于 {date} 发出</translation>
    </message>
    <message>
        <source>Answered (issued on {date})</source>
        <translation>申请人已补正（{date} 发出）</translation>
    </message>
    <message>
        <source>Changed by the lead department</source>
        <translation>牵头部门已修改</translation>
    </message>
    <message>
        <source>dropped: {why}</source>
        <translation>已删除：{why}</translation>
    </message>
    <message>
        <source>reworded</source>
        <translation>已修改表述</translation>
    </message>
    <message>
        <source>No correction notice yet</source>
        <translation>尚无一次性告知书</translation>
    </message>
    <message>
        <source>Correction notices</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>{count} of our materials still have checks without a verdict. Items added now wait in the draft: nothing goes to the applicant yet, you keep reviewing and can add more items later. The lead department sends the one notice when every department&apos;s checks are done.</source>
        <translation>本部门尚有 {count} 份材料的审查项未给出结论。现在加入的补正内容暂存于告知书草稿中，不会发给申请人；您可继续审查，之后还可以补充加入。各部门审查项全部给出结论后，由牵头部门统一发出一次性告知书。</translation>
    </message>
</context>
<context>
    <name>DecisionDesk</name>
    <message>
        <source>Joint decision of the lead department, gathering every department&apos;s opinion</source>
        <translation>牵头部门联合决定（汇总各部门审查意见）</translation>
    </message>
    <message>
        <source>Reasons (required for a refusal)</source>
        <translation>理由（不予许可时必填）</translation>
    </message>
    <message>
        <source>e.g. 《食品经营许可和备案管理办法》第二十一条</source>
        <translation>例如：《食品经营许可和备案管理办法》第二十一条</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Escalate to the upper-level authority</source>
        <translation>报上级机关决定（上报）</translation>
    </message>
    <message>
        <source>Refusal of acceptance</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Public notice required by law</source>
        <translation>依法需要公示</translation>
    </message>
    <message>
        <source>Why the decision comes after the deadline</source>
        <translation>超过办理期限作出决定的理由</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Save and submit for sealing</source>
        <translation>保存并提交签章</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Sealing method</source>
        <translation>签章方式</translation>
    </message>
    <message>
        <source>Platform signing service</source>
        <translation>平台签章服务</translation>
    </message>
    <message>
        <source>Local certificate (.p12)</source>
        <translation>本地证书 (.p12)</translation>
    </message>
    <message>
        <source>Path of the .p12 file</source>
        <translation>.p12 文件路径</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Password of the certificate</source>
        <translation>证书密码</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>签章</translation>
    </message>
    <message>
        <source>Issue to the applicant</source>
        <translation>送达申请人</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <source>The applicant&apos;s postal address</source>
        <translation>申请人邮寄地址</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>决定类型</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Escalate by</source>
        <translation>上报期限</translation>
    </message>
    <message>
        <source>Period (working days):</source>
        <translation>公示期（工作日）：</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>Overdue reason</source>
        <translation>超期理由</translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation>送达方式：</translation>
    </message>
    <message>
        <source>Choose the seal certificate</source>
        <translation>选择签章证书</translation>
    </message>
    <message>
        <source>Seal certificates (*.p12 *.pfx)</source>
        <translation>签章证书 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Type the applicant&apos;s postal address for the courier.</source>
        <translation>请填写申请人的邮寄地址后再邮寄送达。</translation>
    </message>
    <message>
        <source>The decision document appears here.</source>
        <translation>决定文书在此显示。</translation>
    </message>
    <message>
        <source>The document could not be shown.</source>
        <translation>无法显示该文书。</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted, awaiting seal</source>
        <translation>已提交，待签章</translation>
    </message>
    <message>
        <source>Sealing by the platform&apos;s signing service…</source>
        <translation>平台签章服务正在签章…</translation>
    </message>
    <message>
        <source>Sealed locally, awaiting timestamp</source>
        <translation>已本地签章，待加盖时间戳</translation>
    </message>
    <message>
        <source>Sealed and timestamped, being sent</source>
        <translation>已签章并加盖时间戳，正在发送</translation>
    </message>
    <message>
        <source>Sealed, sent to the platform</source>
        <translation>已签章，已发送至平台</translation>
    </message>
    <message>
        <source>Being sealed</source>
        <translation>签章中</translation>
    </message>
    <message>
        <source>Awaiting seal</source>
        <translation>待签章</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>No decision yet</source>
        <translation>尚无审查决定</translation>
    </message>
    <message>
        <source>The sealed document downloaded from the platform was not the one recorded for this decision (its SHA-256 differs): it was refused and discarded. Nothing else changed; it is downloaded again with the next sync.</source>
        <translation>从平台下载的已签章文书与该审查决定登记的文书不符（SHA-256 不一致），已拒收并删除。其他内容均未改变，下次同步时将重新下载。</translation>
    </message>
    <message>
        <source>The sealed document is not downloaded yet: it is fetched with the next sync.</source>
        <translation>已签章文书尚未下载，下次同步时将自动获取。</translation>
    </message>
    <message>
        <source>The sealed document could not be downloaded: {reason} It is tried again with the next sync.</source>
        <translation>已签章文书未能下载：{reason}下次同步时将重试。</translation>
    </message>
    <message>
        <source>No revocation information was found for the seal certificate: the platform&apos;s revocation list (CRL) kept on this workstation does not cover it, or none is kept yet. The list is brought from the platform when the desk is opened while the platform is reachable; check again then.</source>
        <translation>未找到签章证书的吊销信息：本机保存的平台证书吊销列表（CRL）未涵盖该证书，或尚未保存吊销列表。在能连接平台时打开“审查决定”，即从平台获取该列表；届时请重新验证。</translation>
    </message>
    <message>
        <source>The platform&apos;s root certificate is not kept on this workstation yet, so no seal can be checked. It is brought from the platform when the desk is opened while the platform is reachable; check again then.</source>
        <translation>本机尚未保存平台根证书，无法验证签章。在能连接平台时打开“审查决定”，即从平台获取根证书；届时请重新验证。</translation>
    </message>
    <message>
        <source>Seal verified: intact and trusted. Its certificate has been revoked since, but that does not undo this seal (see below). Sealed by {who}.</source>
        <translation>签章验证通过：文书完整、证书可信。该证书此后已被吊销，但不影响本签章的效力（见下文）。签章人：{who}。</translation>
    </message>
    <message>
        <source>Its certificate has expired since. It was judged as of {time}, the time the timestamp proves the seal was made; the seal stays valid.</source>
        <translation>其证书此后已过期。证书按 {time}（时间戳证明的盖章时间）予以判定；该签章仍然有效。</translation>
    </message>
    <message>
        <source>The seal could not be checked.</source>
        <translation>签章无法验证。</translation>
    </message>
    <message>
        <source>Issue the sealed decision on case {case} to {applicant}?</source>
        <translation>将办件 {case} 已签章的审查决定送达申请人 {applicant}？</translation>
    </message>
    <message>
        <source>The applicant receives it; an issued decision cannot be taken back.</source>
        <translation>申请人将收到该决定；送达后不能撤回。</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>Seal requested: the request goes to the platform&apos;s signing service</source>
        <translation>已申请签章：签章请求将发送至平台签章服务</translation>
    </message>
    <message>
        <source>Sealed, being recorded</source>
        <translation>已签章，正在登记</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>已签章</translation>
    </message>
    <message>
        <source>Issued to the applicant</source>
        <translation>已送达申请人</translation>
    </message>
    <message>
        <source>The signing service refused</source>
        <translation>签章服务拒绝签章</translation>
    </message>
    <message>
        <source>The signing service failed; seal again</source>
        <translation>签章服务出错；请重新签章</translation>
    </message>
    <message>
        <source>Training certificate of {department}&apos;s seal, for the training platform only. Its password: {password}</source>
        <translation>培训用证书：{department}的印章证书，仅限培训平台使用。密码：{password}</translation>
    </message>
    <message>
        <source>Something went wrong; see the log.</source>
        <translation>出现错误；详情见日志。</translation>
    </message>
    <message>
        <source>Cases to decide</source>
        <translation>待作出决定的办件</translation>
    </message>
    <message>
        <source>No case of your department awaits its decision.</source>
        <translation>本部门暂无待决定的办件。</translation>
    </message>
    <message>
        <source>No decision yet: draft one.</source>
        <translation>尚无审查决定：请起草。</translation>
    </message>
    <message>
        <source> (queued, goes up with the next sync)</source>
        <translation>（已加入队列，下次同步时发送）</translation>
    </message>
    <message>
        <source>Last attempt: {reason} It is tried again with the sync.</source>
        <translation>上次尝试：{reason} 将随同步再次尝试。</translation>
    </message>
    <message>
        <source>Only a reviewer of the lead department drafts a decision.</source>
        <translation>审查决定由牵头部门的审核人起草。</translation>
    </message>
    <message>
        <source>This draft is saved; submit it for sealing once it is on the platform.</source>
        <translation>草稿已保存；待平台收到后再提交签章。</translation>
    </message>
    <message>
        <source>This draft is saved already.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <source>This decision is submitted already: it is no longer edited here.</source>
        <translation>该决定已提交，不能再修改。</translation>
    </message>
    <message>
        <source>The seal is being made.</source>
        <translation>正在签章。</translation>
    </message>
    <message>
        <source>Only a decision submitted for sealing is sealed.</source>
        <translation>决定提交签章后方可签章。</translation>
    </message>
    <message>
        <source>This decision is sealed already.</source>
        <translation>该决定已签章。</translation>
    </message>
    <message>
        <source>A seal of this decision is under way: its state says how far it is.</source>
        <translation>该决定正在签章，进度见状态栏。</translation>
    </message>
    <message>
        <source>Only a sealed decision is issued: it is not sealed yet.</source>
        <translation>决定签章后方可送达，当前尚未签章。</translation>
    </message>
    <message>
        <source>This decision is issued already.</source>
        <translation>该决定已送达申请人。</translation>
    </message>
    <message>
        <source>Sealed on this workstation without its timestamp: it is timestamped and sent to the platform when the platform is reachable; issue once the platform has confirmed the seal.</source>
        <translation>已在本机签章，尚未加盖时间戳：连通平台后自动加盖时间戳并上传；平台确认签章后方可送达。</translation>
    </message>
    <message>
        <source>The seal is not confirmed by the platform yet: issue once it is (with the next sync).</source>
        <translation>平台尚未确认签章，确认后（下次同步）方可送达。</translation>
    </message>
    <message>
        <source>The seal goes up with the next sync: issue once the platform has confirmed it.</source>
        <translation>签章将随下次同步上传：待平台确认签章后再送达申请人。</translation>
    </message>
    <message>
        <source>The sealed document is not here or not checked yet: issue once its seal is verified.</source>
        <translation>签章文书尚未下载或尚未验证，验证通过后方可送达。</translation>
    </message>
    <message>
        <source>The seal of this document is not valid: it cannot be issued.</source>
        <translation>该文书签章无效，不能送达。</translation>
    </message>
    <message>
        <source>Seal verified: intact, trusted, not revoked. Sealed by {who}.</source>
        <translation>签章验证通过：文书完整、证书可信、未被吊销。签章人：{who}。</translation>
    </message>
    <message>
        <source>Archive package verified: the manifest is sealed by {who}, every file it lists ({files}) is there and unchanged, and the decision&apos;s seal is valid.</source>
        <translation>归档包验证通过：清单由{who}签章，清单所列文件（{files} 个）齐全且未被修改，决定书签章有效。</translation>
    </message>
    <message>
        <source>Timestamp: {time}</source>
        <translation>时间戳：{time}</translation>
    </message>
    <message>
        <source>WARNING: this archive package does NOT verify. Do not rely on it; tell the platform&apos;s administrator.</source>
        <translation>警告：该归档包验证未通过，请勿使用，并告知平台管理员。</translation>
    </message>
    <message>
        <source>The platform files the archive package once it has the issue: it can be fetched after the next sync.</source>
        <translation>平台收到送达操作后即生成归档包，下次同步后可获取。</translation>
    </message>
    <message>
        <source>The archive package is filed by the platform when the decision is issued.</source>
        <translation>决定送达后，平台生成归档包。</translation>
    </message>
    <message>
        <source>Fetch and verify the archive package</source>
        <translation>获取并验证归档包</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>另存副本…</translation>
    </message>
    <message>
        <source>A copy of the archive package is saved as {path}.</source>
        <translation>归档包副本已保存为 {path}。</translation>
    </message>
    <message>
        <source>The archive package is being fetched and verified.</source>
        <translation>正在获取并验证归档包。</translation>
    </message>
    <message>
        <source>Fetch and verify the archive package first.</source>
        <translation>请先获取并验证归档包。</translation>
    </message>
    <message>
        <source>Save a copy of the archive package</source>
        <translation>另存归档包副本</translation>
    </message>
    <message>
        <source>Archive packages (*.ovarchive *.zip)</source>
        <translation>归档包 (*.ovarchive *.zip)</translation>
    </message>
    <message>
        <source>Awaiting timestamp: it is added when the platform is reachable.</source>
        <translation>待加盖时间戳：可连接平台时自动加盖。</translation>
    </message>
    <message>
        <source>WARNING: this document&apos;s seal is NOT valid. Do not use it; it cannot be issued.</source>
        <translation>警告：此文书的签章无效。请勿使用；不能送达。</translation>
    </message>
    <message>
        <source>Only a signer may seal a decision.</source>
        <translation>只有具有签章权限的人员才能签章。</translation>
    </message>
    <message>
        <source>Delivery: {method} to {address}</source>
        <translation>送达方式：{method}至 {address}</translation>
    </message>
    <message>
        <source>Delivery: {method}</source>
        <translation>送达方式：{method}</translation>
    </message>
</context>
<context>
    <name>EfficiencyDialog</name>
    <message>
        <source>Efficiency</source>
        <translation>办事效率</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>查看(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy all</source>
        <translation>全部复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the figures and the lists, tab-separated, to paste into a spreadsheet</source>
        <translation>复制全部指标和列表（以制表符分隔），可粘贴到电子表格</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <source>Cases accepted</source>
        <translation>受理办件</translation>
    </message>
    <message>
        <source>Immediate cases among them</source>
        <translation>其中即办件</translation>
    </message>
    <message>
        <source>Immediate-case ratio</source>
        <translation>即办件比率</translation>
    </message>
    <message>
        <source>Refusals of acceptance (not counted as accepted)</source>
        <translation>不予受理（不计入受理办件）</translation>
    </message>
    <message>
        <source>Cases completed</source>
        <translation>办结办件</translation>
    </message>
    <message>
        <source>Completed on time</source>
        <translation>按时办结</translation>
    </message>
    <message>
        <source>On-time completion rate</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>打开办件(&amp;O)</translation>
    </message>
    <message>
        <source>{reason} It cannot be opened in the inbox.</source>
        <translation>{reason}无法在收件箱中打开。</translation>
    </message>
    <message>
        <source>The figures were saved to {path}.</source>
        <translation>统计数据已保存到 {path}。</translation>
    </message>
    <message>
        <source>Escalated after the deadline</source>
        <translation>其中超期上报</translation>
    </message>
    <message>
        <source>Not available from the local store</source>
        <translation>本地存储无法统计的指标</translation>
    </message>
    <message>
        <source>Export the figures</source>
        <translation>导出统计数据</translation>
    </message>
    <message>
        <source>CSV, for Excel (*.csv)</source>
        <translation>CSV 文件，可用 Excel 打开 (*.csv)</translation>
    </message>
    <message>
        <source>The figures could not be saved to {path}: {reason}</source>
        <translation>无法将统计数据保存到 {path}：{reason}</translation>
    </message>
    <message>
        <source>Cases escalated</source>
        <translation>上报办件</translation>
    </message>
    <message>
        <source>Open cases overdue today ({today})</source>
        <translation>今日（{today}）已超期的在办办件</translation>
    </message>
    <message>
        <source>Own review steps overdue today ({today}, any case)</source>
        <translation>今日（{today}）已超期的本部门审核环节（含其他部门牵头的办件）</translation>
    </message>
    <message>
        <source>Reading the figures from {start} to {end}…</source>
        <translation>正在读取 {start} 至 {end} 的统计数据…</translation>
    </message>
    <message>
        <source>Cases led by {department}, accepted or completed from {start} to {end} (Beijing dates, both included); and the review steps of {department} on every case, those led by other departments too.</source>
        <translation>{department}牵头的办件：{start} 至 {end} 期间受理或办结的（北京时间，含首尾两日）；本部门的审核环节含其他部门牵头的办件。</translation>
    </message>
    <message>
        <source>Stopped on {day}, after the deadline: the stop does not count</source>
        <translation>{day} 才开始中止计时，已在办理时限之后，不停止计时</translation>
    </message>
    <message>
        <source>Show your department&apos;s review task on the selected case in the inbox</source>
        <translation>在收件箱中显示本部门对所选办件的审核任务</translation>
    </message>
    <message>
        <source>Case code</source>
        <translation>统一审核编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <source>Working days late</source>
        <translation>超期工作日</translation>
    </message>
    <message>
        <source>Overdue reason</source>
        <translation>超期理由</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Escalated on</source>
        <translation>上报日期</translation>
    </message>
    <message>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <source>Task status</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <source>Step deadline</source>
        <translation>环节截止日期</translation>
    </message>
    <message>
        <source>Completed late ({count})</source>
        <translation>超期办结（{count} 件）</translation>
    </message>
    <message>
        <source>Open cases overdue on {today} ({count})</source>
        <translation>{today} 超期在办（{count} 件）</translation>
    </message>
    <message>
        <source>Escalated late ({count})</source>
        <translation>超期上报（{count} 件）</translation>
    </message>
    <message>
        <source>Own steps overdue on {today} ({count})</source>
        <translation>{today} 本部门超期环节（{count} 个）</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong that the app did not expect. What you were doing may not have finished; check it, and restart the app if it behaves oddly. The details are in the log.</source>
        <translation>程序遇到了意外问题，您刚才的操作可能没有完成，请检查；如果程序表现异常，请重新启动。详细信息见日志。</translation>
    </message>
    <message>
        <source>Log: {path}</source>
        <translation>日志：{path}</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
</context>
<context>
    <name>InboxBulk</name>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>退回待认领</translation>
    </message>
    <message>
        <source>Release your own claims; a colleague&apos;s claim only a coordinator releases.</source>
        <translation>退回自己认领的任务；同事认领的任务只有协调人可以退回。</translation>
    </message>
    <message>
        <source>Transfer to department</source>
        <translation>移交其他部门</translation>
    </message>
    <message>
        <source>To colleague {name} ({user})</source>
        <translation>转给同事 {name}（{user}）</translation>
    </message>
    <message>
        <source>Transfer the selected task to {department}?</source>
        <translation>将所选审核任务移交给{department}？</translation>
    </message>
    <message>
        <source>Transfer the {n} selected tasks to {department}?</source>
        <translation>将所选的 {n} 项审核任务移交给{department}？</translation>
    </message>
    <message>
        <source>The matter becomes theirs; this department cannot take it back.</source>
        <translation>移交后事项由对方部门办理，本部门不能收回。</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Select tasks first.</source>
        <translation>请先选择审核任务。</translation>
    </message>
    <message>
        <source>None of the selected tasks is unclaimed.</source>
        <translation>所选任务中没有待认领的任务。</translation>
    </message>
    <message>
        <source>None of the selected tasks is unclaimed or in review.</source>
        <translation>所选任务中没有待认领或审核中的任务。</translation>
    </message>
    <message>
        <source>Select at most {max} tasks.</source>
        <translation>一次最多选择 {max} 项审核任务。</translation>
    </message>
    <message>
        <source>Working on 1 task…</source>
        <translation>正在处理 1 项审核任务…</translation>
    </message>
    <message>
        <source>Working on {n} tasks…</source>
        <translation>正在处理 {n} 项审核任务…</translation>
    </message>
    <message>
        <source>{queued} queued — sent at the next sync; {refused} refused.</source>
        <translation>{queued} 项已加入待发送队列，下次同步时发送；{refused} 项被拒绝。</translation>
    </message>
    <message>
        <source>The action failed; see the log. Nothing more was queued.</source>
        <translation>操作失败，详见日志。其余任务未再加入待发送队列。</translation>
    </message>
</context>
<context>
    <name>InboxFilters</name>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Unclaimed</source>
        <translation>待认领</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Awaiting the applicant</source>
        <translation>待申请人补正</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>The counts could not be read from the local store; they are read again after the next sync. The log has the details.</source>
        <translation>无法从本地数据读取计数，下次同步后将重新读取。详情见日志。</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>已保存的视图</translation>
    </message>
    <message>
        <source>Changed, not saved</source>
        <translation>已更改，未保存</translation>
    </message>
    <message>
        <source>Save view…</source>
        <translation>保存视图…</translation>
    </message>
    <message>
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>全部审核任务</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <source>Delete the saved view “{name}”?</source>
        <translation>删除已保存的视图“{name}”？</translation>
    </message>
    <message>
        <source>Its filters, search, sort and columns are forgotten; the tasks are not touched.</source>
        <translation>其筛选、搜索、排序和列设置将被删除，审核任务本身不受影响。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clock suspended</source>
        <translation>计时已中止</translation>
    </message>
</context>
<context>
    <name>InboxList</name>
    <message>
        <source>Review tasks</source>
        <translation>审核任务</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 项任务</translation>
    </message>
    <message>
        <source>{count} tasks</source>
        <translation>{count} 项任务</translation>
    </message>
    <message>
        <source>{count}+ tasks</source>
        <translation>{count}+ 项任务</translation>
    </message>
    <message>
        <source>{count} (still receiving)</source>
        <translation>{count}（仍在接收）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search (Ctrl+F): case code, applicant, item, material</source>
        <translation>搜索（Ctrl+F）：统一审核编码、申请人、事项、申请材料</translation>
    </message>
    <message>
        <source>Searches the case code, the applicant, the service item and the materials&apos; names (Ctrl+F)</source>
        <translation>按统一审核编码、申请人、事项和申请材料名称搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Case code</source>
        <translation>统一审核编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Step deadline</source>
        <translation>环节截止日期</translation>
    </message>
    <message>
        <source>Case deadline</source>
        <translation>办件办理时限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Deferred materials</source>
        <translation>容缺材料</translation>
    </message>
    <message>
        <source>Other departments</source>
        <translation>其他部门</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>最近操作</translation>
    </message>
    <message>
        <source>{date} · 1 working day late</source>
        <translation>{date} · 已超期 1 个工作日</translation>
    </message>
    <message>
        <source>{date} · {days} working days late</source>
        <translation>{date} · 已超期 {days} 个工作日</translation>
    </message>
    <message>
        <source>{date} · due today</source>
        <translation>{date} · 今日到期</translation>
    </message>
    <message>
        <source>{date} · 1 working day left · due soon</source>
        <translation>{date} · 剩余 1 个工作日 · 即将到期</translation>
    </message>
    <message>
        <source>{date} · {days} working days left · due soon</source>
        <translation>{date} · 剩余 {days} 个工作日 · 即将到期</translation>
    </message>
    <message>
        <source>{date} · 1 working day left</source>
        <translation>{date} · 剩余 1 个工作日</translation>
    </message>
    <message>
        <source>{date} · {days} working days left</source>
        <translation>{date} · 剩余 {days} 个工作日</translation>
    </message>
    <message>
        <source> (provisional)</source>
        <translation>（暂定）</translation>
    </message>
    <message>
        <source>{date} · {days} wd late</source>
        <translation>{date} · 超期 {days} 个工作日</translation>
    </message>
    <message>
        <source>{date} · today</source>
        <translation>{date} · 今日到期</translation>
    </message>
    <message>
        <source>{date} · {days} wd · soon</source>
        <translation>{date} · 将到期·余{days}工作日</translation>
    </message>
    <message>
        <source>{date} · {days} wd left</source>
        <translation>{date} · 余 {days} 个工作日</translation>
    </message>
    <message>
        <source>Counted in working days (wd), statutory holidays excluded</source>
        <translation>按工作日计算，不含法定节假日</translation>
    </message>
    <message>
        <source>Estimated on a calendar year not yet published.</source>
        <translation>按尚未公布的年度工作日历估算。</translation>
    </message>
    <message>
        <source>Platform: {platform}; offline estimate: {estimate}.</source>
        <translation>平台：{platform}；离线估算：{estimate}。</translation>
    </message>
    <message>
        <source>Offline estimate; the platform has sent no date yet.</source>
        <translation>离线估算；平台尚未下发日期。</translation>
    </message>
    <message>
        <source>Queued — sent at the next sync</source>
        <translation>已加入待发送队列——下次同步时发送</translation>
    </message>
    <message>
        <source>Applied by the platform</source>
        <translation>平台已执行</translation>
    </message>
    <message>
        <source>{department}: {state} ({user})</source>
        <translation>{department}：{state}（{user}）</translation>
    </message>
    <message>
        <source>{department}: {state}</source>
        <translation>{department}：{state}</translation>
    </message>
    <message>
        <source>The list could not be read: {reason}</source>
        <translation>无法读取列表：{reason}</translation>
    </message>
    <message>
        <source>The list could not be read; the details are in the log.</source>
        <translation>无法读取列表，详细信息见日志。</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Sent, awaiting the platform</source>
        <translation>已发送，等待平台确认</translation>
    </message>
    <message>
        <source>{done}/{total} opinions in</source>
        <translation>已出具意见 {done}/{total}</translation>
    </message>
    <message>
        <source>Earliest promised by {date}</source>
        <translation>最早承诺时限 {date}</translation>
    </message>
    <message>
        <source>Clock suspended</source>
        <translation>计时已中止</translation>
    </message>
    <message>
        <source>{date} · suspended</source>
        <translation>{date} · 已中止</translation>
    </message>
    <message>
        <source>{date} · clock suspended</source>
        <translation>{date} · 计时已中止</translation>
    </message>
</context>
<context>
    <name>InboxRoles</name>
    <message>
        <source>Only reviewers and coordinators work review tasks; your account has neither role.</source>
        <translation>只有审核人和协调员可以办理审核任务；您的账户没有这两种角色。</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>The department&apos;s review tasks for synchronized review: what is due, what is assigned to you, what waits for the applicant. Each case will show its materials with the verdicts on authenticity, legality and conformity, the other departments&apos; progress on the same case, and the deadline in working days.</source>
        <translation>本部门的同步审核任务：哪些即将到期、哪些分配给您、哪些在等待申请人。每个办件将显示申请材料及其真实性、合法性、规范性审核结论，其他部门对同一办件的办理进度，以及按工作日计算的办理时限。</translation>
    </message>
    <message>
        <source>Inspection planner</source>
        <translation>勘察计划</translation>
    </message>
    <message>
        <source>Joint site inspections: find a time before the deadline when every department concerned has an inspector free, confirm it and notify the applicant, record the findings on site even when offline, and sync them back.</source>
        <translation>联合现场勘察：在时限之前找到各相关部门勘察人员都有空的时间，确认后通知申请人；在现场即使离线也能记录勘察结果，回来后再同步。</translation>
    </message>
    <message>
        <source>Decision desk</source>
        <translation>审查决定</translation>
    </message>
    <message>
        <source>The decision form and the decision document, the e-seal, verification of signed documents, and the archive package.</source>
        <translation>审查决定表单与决定书、电子签章、已签章文件的验证，以及归档材料包。</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Fetch set-aside records again</source>
        <translation>重新获取已隔离的记录(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>冲突(&amp;C)…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Efficiency…</source>
        <translation>办事效率(&amp;E)…</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Copy diagnostics</source>
        <translation>复制诊断信息(&amp;C)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Updating the local store for this version of the app…</source>
        <translation>正在为新版本升级本地存储…</translation>
    </message>
    <message>
        <source>Training and demonstration only: a sandbox platform with fictional data runs on this computer.</source>
        <translation>仅供培训和演示：本机运行着一个使用虚构数据的沙箱平台。</translation>
    </message>
    <message>
        <source>OneVisit Back Office</source>
        <translation>只跑一次 部门后台</translation>
    </message>
    <message>
        <source>{app} — Training mode</source>
        <translation>{app} — 培训模式</translation>
    </message>
    <message>
        <source>This workspace is not part of this version yet.</source>
        <translation>本版本尚未包含此工作区。</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>收件箱(&amp;I)</translation>
    </message>
    <message>
        <source>Inspection &amp;planner</source>
        <translation>勘察计划(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Decision desk</source>
        <translation>审查决定(&amp;D)</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About OneVisit Back Office</source>
        <translation>关于只跑一次 部门后台(&amp;A)</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>培训模式</translation>
    </message>
    <message>
        <source>Local store ready</source>
        <translation>本地存储已就绪</translation>
    </message>
    <message>
        <source>Local store not available</source>
        <translation>本地存储不可用</translation>
    </message>
    <message>
        <source>Local store: {path}</source>
        <translation>本地存储：{path}</translation>
    </message>
    <message>
        <source>The app could not finish starting</source>
        <translation>程序未能完成启动</translation>
    </message>
    <message>
        <source>Not available: the app could not finish starting (see above).</source>
        <translation>暂不可用：程序未能完成启动（见上方说明）。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;OneVisit Back Office {version}&lt;/h3&gt;&lt;p&gt;The department back office of “One Visit Only” administrative services (DB22/T 2871.1—2018): review tasks, joint site inspections and decisions, working offline and in step with the central platform.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;只跑一次 部门后台 {version}&lt;/h3&gt;&lt;p&gt;政务服务“只跑一次”（DB22/T 2871.1—2018）的部门后台：审核任务、联合现场勘察与审查决定；可离线工作，并与中央平台保持同步。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About OneVisit Back Office</source>
        <translation>关于只跑一次 部门后台</translation>
    </message>
</context>
<context>
    <name>MaterialList</name>
    <message>
        <source>Authenticity</source>
        <translation>真实性</translation>
    </message>
    <message>
        <source>Legality</source>
        <translation>合法性</translation>
    </message>
    <message>
        <source>Conformity</source>
        <translation>规范性</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>✓ pass</source>
        <translation>✓ 通过</translation>
    </message>
    <message>
        <source>✗ fail</source>
        <translation>✗ 不通过</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>↑/↓ material · 1/2/3 or ←/→ check · P pass · F fail · N not applicable</source>
        <translation>↑/↓ 选择材料 · 1/2/3 或 ←/→ 选择审查项 · P 通过 · F 不通过 · N 不适用</translation>
    </message>
    <message>
        <source>deferred, overdue since {date}</source>
        <translation>容缺，逾期未补交（应于 {date} 前）</translation>
    </message>
    <message>
        <source>deferred, due {date}</source>
        <translation>容缺，待补交（{date} 前）</translation>
    </message>
    <message>
        <source>Accepted without it against the applicant&apos;s commitment; not handed in yet, promised by {date}.</source>
        <translation>容缺受理：申请人已书面承诺，材料尚未补交，承诺于 {date} 前补交。</translation>
    </message>
    <message>
        <source>e-licence, query again</source>
        <translation>电子证照，需重新调取</translation>
    </message>
    <message>
        <source>Looked up on the shared platform: not asked of the applicant. A failed check means querying the platform again; it is not a correction item.</source>
        <translation>通过共享平台调取，不要求申请人提交。审查不通过的，应重新查询共享平台，不列入补正内容。</translation>
    </message>
    <message>
        <source>resupplied</source>
        <translation>已补正</translation>
    </message>
    <message>
        <source>Resupplied by the applicant on {date}; the correction notice asked: {reasons}</source>
        <translation>申请人已于 {date} 补正；一次性告知书所列补正内容：{reasons}</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Reason (required for a failed check)</source>
        <translation>理由（审查不通过时必填）</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必交</translation>
    </message>
    <message>
        <source>original to bring</source>
        <translation>需带原件</translation>
    </message>
    <message>
        <source>e-licence</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <source>no file</source>
        <translation>无文件</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <source>Type the reason for the failed check and press Enter (Escape cancels).</source>
        <translation>请输入审查不通过的理由并按回车键确认（按 Esc 键取消）。</translation>
    </message>
</context>
<context>
    <name>MaterialViewer</name>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action}（{keys}）</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Turns the page shown only, not the other pages; the file itself is not changed.</source>
        <translation>仅旋转当前显示的页面，其他页面不变；文件本身不作修改。</translation>
    </message>
    <message>
        <source>Rotate left</source>
        <translation>向左旋转</translation>
    </message>
    <message>
        <source>Rotate right</source>
        <translation>向右旋转</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Open in window</source>
        <translation>在新窗口中打开</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Open in another program</source>
        <translation>用其他程序打开</translation>
    </message>
    <message>
        <source>Page shown</source>
        <translation>当前页面</translation>
    </message>
    <message>
        <source>Choose a material to see its file.</source>
        <translation>请选择一份申请材料以查看其文件。</translation>
    </message>
    <message>
        <source>This e-licence is looked up on the shared platform; there is no file.</source>
        <translation>此电子证照通过共享平台查验，没有文件。</translation>
    </message>
    <message>
        <source>This material has no file.</source>
        <translation>此申请材料没有文件。</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>正在打开文件…</translation>
    </message>
    <message>
        <source>The file is not downloaded yet. Download it now, or wait for the next sync.</source>
        <translation>文件尚未下载。请立即下载，或等待下次同步。</translation>
    </message>
    <message>
        <source>This file is empty (0 bytes). Ask the applicant for the file again.</source>
        <translation>此文件为空（0 字节）。请申请人重新提交文件。</translation>
    </message>
    <message>
        <source>This image is too large to preview here ({width} × {height} pixels). Open it in another program.</source>
        <translation>此图片过大，无法在此预览（{width} × {height} 像素）。请用其他程序打开。</translation>
    </message>
    <message>
        <source>This file cannot be previewed here. Open it in another program.</source>
        <translation>此文件无法在此预览，请用其他程序打开。</translation>
    </message>
    <message>
        <source>The file could not be opened or downloaded: {reason}</source>
        <translation>无法打开或下载该文件：{reason}</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}%</translation>
    </message>
    <message>
        <source>of {count}</source>
        <translation>/ {count} 页</translation>
    </message>
    <message>
        <source>This page cannot be drawn at this zoom. Zoom out, or open the file in another program.</source>
        <translation>此页无法按当前缩放比例显示。请缩小，或用其他程序打开文件。</translation>
    </message>
    <message>
        <source>This PDF is protected by a password and cannot be shown. Ask the applicant for a copy without a password.</source>
        <translation>此 PDF 设有密码保护，无法显示。请申请人提交未设密码的文件。</translation>
    </message>
    <message>
        <source>This PDF is damaged and cannot be shown here. Try another program, or ask the applicant for the file again.</source>
        <translation>此 PDF 文件已损坏，无法在此显示。请用其他程序打开，或请申请人重新提供文件。</translation>
    </message>
</context>
<context>
    <name>MaterialWindow</name>
    <message>
        <source>Material</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>{material} — Material</source>
        <translation>{material} — 申请材料</translation>
    </message>
</context>
<context>
    <name>Planner</name>
    <message>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>no result yet</source>
        <translation>尚无结论</translation>
    </message>
    <message>
        <source>pass with corrections</source>
        <translation>整改后符合</translation>
    </message>
    <message>
        <source>Prepare for field work</source>
        <translation>准备外勤（离线）</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>核查要点</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>What was found on site</source>
        <translation>现场发现的情况</translation>
    </message>
    <message>
        <source>On-site corrections, one per line: point: what to correct</source>
        <translation>现场整改要求，每行一条：要点：整改内容</translation>
    </message>
    <message>
        <source>I was there and confirm this record as the inspector</source>
        <translation>本人到场勘察，作为勘察人员确认本记录</translation>
    </message>
    <message>
        <source>Save the record</source>
        <translation>保存记录</translation>
    </message>
    <message>
        <source>Confirmed inspections</source>
        <translation>已确认的勘察</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>勘察发现</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Corrections on site</source>
        <translation>现场整改要求</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>勘察结论</translation>
    </message>
    <message>
        <source>Inspections to record</source>
        <translation>待记录的现场勘察</translation>
    </message>
    <message>
        <source>Inspections you take part in</source>
        <translation>您参加的勘察</translation>
    </message>
    <message>
        <source>Other inspections of your department</source>
        <translation>本部门的其他勘察</translation>
    </message>
    <message>
        <source>Your department has no part in this inspection.</source>
        <translation>本部门未参加此次勘察。</translation>
    </message>
    <message>
        <source>Verdict on: {point}</source>
        <translation>核查结论：{point}</translation>
    </message>
    <message>
        <source>This record was confirmed meanwhile; your unsaved entries for it could not be kept.</source>
        <translation>此记录已在其他地方确认，您对其未保存的填写无法保留。</translation>
    </message>
    <message>
        <source>Someone else saved this record after you began your entries; yours are back, made on the earlier version. Saved, they go to the conflicts to compare with that version, nothing lost.</source>
        <translation>在您开始填写之后，他人保存了这份记录；您未保存的内容已恢复，但它们是在较早的版本上填写的。保存后，它们将进入冲突列表，与该版本对照，不会丢失任何内容。</translation>
    </message>
    <message>
        <source>Your unsaved entries for this inspection are back; save the record to send them.</source>
        <translation>已恢复您对本次勘察未保存的填写；保存记录后才会发送。</translation>
    </message>
    <message>
        <source>You can confirm the record from {start}, when the visit begins; until then it is saved as a draft.</source>
        <translation>勘察开始（{start}）后才能确认本记录；在此之前保存为草稿。</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>1 inspection ready for field work</source>
        <translation>1 次勘察已可离线使用</translation>
    </message>
    <message>
        <source>{count} inspections ready for field work</source>
        <translation>{count} 次勘察已可离线使用</translation>
    </message>
    <message>
        <source>1 file kept on this computer until the records are synced.</source>
        <translation>1 个文件保留在本机，直至记录同步完成。</translation>
    </message>
    <message>
        <source>{count} files kept on this computer until the records are synced.</source>
        <translation>{count} 个文件保留在本机，直至记录同步完成。</translation>
    </message>
    <message>
        <source>{ready}; {kept}</source>
        <translation>{ready}；{kept}</translation>
    </message>
    <message>
        <source>1 file could not be fetched; try again while online.</source>
        <translation>1 个文件未能获取；请在联网时重试。</translation>
    </message>
    <message>
        <source>{count} files could not be fetched; try again while online.</source>
        <translation>{count} 个文件未能获取；请在联网时重试。</translation>
    </message>
    <message>
        <source>Someone else saved this record after you began your entries. Yours are kept in the conflicts, to compare with theirs and re-apply or discard; the form now shows their version.</source>
        <translation>在您开始填写之后，他人保存了这份记录。您的内容保留在冲突列表中，可与对方的版本对照后重新应用或放弃；表单现在显示对方的版本。</translation>
    </message>
    <message>
        <source>Saved here — sent at the next sync.</source>
        <translation>已保存在本机——下次同步时发送。</translation>
    </message>
    <message>
        <source>Request a site inspection</source>
        <translation>申请现场勘察</translation>
    </message>
    <message>
        <source>Why the site must be seen</source>
        <translation>需要现场勘察的理由</translation>
    </message>
    <message>
        <source>Points to check, one per line</source>
        <translation>核查要点，每行一条</translation>
    </message>
    <message>
        <source>Request inspection</source>
        <translation>申请勘察</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>勘察地点</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>核查清单</translation>
    </message>
    <message>
        <source>Joint inspections of the department</source>
        <translation>本部门参与的联合勘察</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Days shown</source>
        <translation>显示范围</translation>
    </message>
    <message>
        <source>Refresh free/busy</source>
        <translation>刷新空闲/忙碌</translation>
    </message>
    <message>
        <source>Export to calendar (.ics)…</source>
        <translation>导出到日历 (.ics)…</translation>
    </message>
    <message>
        <source>Hatched days: the work calendar of their year is provisional — its holidays and adjusted working days are not published yet. Check a time on such a day before proposing it.</source>
        <translation>斜线标记的日期：所在年度的工作日历为暂定，节假日和调休安排尚未公布。在这些日期安排勘察前请先核实。</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>前一天</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>上一周</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>后一天</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下一周</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action}（{keys}）</translation>
    </message>
    <message>
        <source>{when} (passed)</source>
        <translation>{when}（时间已过）</translation>
    </message>
    <message>
        <source>Reason for a time after the deadline</source>
        <translation>时间晚于办理期限的理由</translation>
    </message>
    <message>
        <source>Site address</source>
        <translation>勘察地址</translation>
    </message>
    <message>
        <source>The site&apos;s address; left empty, the case&apos;s address is used</source>
        <translation>勘察现场的地址；留空则使用申请中的地址</translation>
    </message>
    <message>
        <source>Why visit the site</source>
        <translation>勘察理由</translation>
    </message>
    <message>
        <source>Reason for a new time</source>
        <translation>改期理由</translation>
    </message>
    <message>
        <source>Propose this slot</source>
        <translation>提议此时段</translation>
    </message>
    <message>
        <source>Why the department cannot come</source>
        <translation>本部门无法参加的理由</translation>
    </message>
    <message>
        <source>Confirm for the department</source>
        <translation>代表本部门确认</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Print the notice…</source>
        <translation>打印通知…</translation>
    </message>
    <message>
        <source>Why the inspection is cancelled</source>
        <translation>取消勘察的理由</translation>
    </message>
    <message>
        <source>Cancel the inspection</source>
        <translation>取消勘察</translation>
    </message>
    <message>
        <source>Suggested slots</source>
        <translation>建议时段</translation>
    </message>
    <message>
        <source>Notice to the applicant</source>
        <translation>致申请人的勘察通知</translation>
    </message>
    <message>
        <source>Choose an inspection in the list.</source>
        <translation>请在列表中选择一项勘察。</translation>
    </message>
    <message>
        <source>{case} at {site}
Organiser: {lead} · {status}</source>
        <translation>{case}，地点：{site}
组织部门：{lead} · {status}</translation>
    </message>
    <message>
        <source>Drag on an inspector&apos;s lane to try another time (or, in the calendar, the arrow keys and Enter).</source>
        <translation>在勘察人员的时间轴上拖动，可尝试其他时间（在日历中也可用方向键和回车键）。</translation>
    </message>
    <message>
        <source>No slot found.</source>
        <translation>未找到可用时段。</translation>
    </message>
    <message>
        <source>Case {case}</source>
        <translation>办件 {case}</translation>
    </message>
    <message>
        <source>Use “Request site inspection” on a review task in the inbox.</source>
        <translation>请在待办中的审核任务上使用“申请现场勘察”。</translation>
    </message>
    <message>
        <source>Export to calendar</source>
        <translation>导出到日历</translation>
    </message>
    <message>
        <source>iCalendar (*.ics)</source>
        <translation>iCalendar 日历 (*.ics)</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <source>Nobody of {department} is free then.</source>
        <translation>{department} 在该时间无人空闲。</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>已提议</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>declined: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <source>not answered yet</source>
        <translation>尚未答复</translation>
    </message>
    <message>
        <source>Proposed time: {when}</source>
        <translation>拟定时间：{when}</translation>
    </message>
    <message>
        <source>Time: {when}</source>
        <translation>勘察时间：{when}</translation>
    </message>
    <message>
        <source>{name} ({department})</source>
        <translation>{name}（{department}）</translation>
    </message>
    <message>
        <source>Team: {team}</source>
        <translation>勘察人员：{team}</translation>
    </message>
    <message>
        <source>Declined time: {when}</source>
        <translation>被拒绝的时间：{when}</translation>
    </message>
    <message>
        <source>No time proposed yet.</source>
        <translation>尚未拟定勘察时间。</translation>
    </message>
    <message>
        <source>Case deadline: {date}</source>
        <translation>办理期限：{date}</translation>
    </message>
    <message>
        <source>Why after the deadline: {reason}</source>
        <translation>晚于办理期限的理由：{reason}</translation>
    </message>
    <message>
        <source>Why moved: {reason}</source>
        <translation>改期理由：{reason}</translation>
    </message>
    <message>
        <source>Answers:</source>
        <translation>各部门答复：</translation>
    </message>
    <message>
        <source>{department}: {answer}</source>
        <translation>{department}：{answer}</translation>
    </message>
    <message>
        <source>This time has passed: it can no longer be confirmed.</source>
        <translation>该时间已过，已无法确认。</translation>
    </message>
    <message>
        <source>Too late to confirm this time: the applicant is told a working day ahead, so a visit confirmed now can start from {earliest} on.</source>
        <translation>该时间已来不及确认：须至少提前一个工作日通知申请人，现在确认的勘察只能安排在 {earliest} 起。</translation>
    </message>
    <message>
        <source>Propose a new time.</source>
        <translation>请重新拟定勘察时间。</translation>
    </message>
    <message>
        <source>{organiser} has to propose a new time.</source>
        <translation>须由组织部门{organiser}重新拟定勘察时间。</translation>
    </message>
    <message>
        <source>{why} {todo}</source>
        <translation>{why}{todo}</translation>
    </message>
    <message>
        <source>No free/busy yet: connect to the platform once to plan.</source>
        <translation>尚无空闲/忙碌信息：请先连接平台一次再安排。</translation>
    </message>
    <message>
        <source>Free/busy from the platform, {time}.</source>
        <translation>空闲/忙碌信息来自平台，{time}。</translation>
    </message>
    <message>
        <source>Offline: free/busy as of {time} — it may be out of date; check the time with the inspectors before proposing.</source>
        <translation>离线：空闲/忙碌信息截至 {time}——可能已过时；提议前请与勘察人员核实时间。</translation>
    </message>
    <message>
        <source>Offline: checked against the free/busy as of {time}; the platform checks it again at the sync.</source>
        <translation>离线：按 {time} 的空闲/忙碌信息核对；同步时平台将再次核对。</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>安排</translation>
    </message>
    <message>
        <source>Field mode</source>
        <translation>外勤模式</translation>
    </message>
    <message>
        <source>Applicant notice</source>
        <translation>勘察通知</translation>
    </message>
    <message>
        <source>No notice: the inspection has no time yet.</source>
        <translation>暂无通知：勘察尚未确定时间。</translation>
    </message>
    <message>
        <source>Say why the inspection is cancelled; nothing was queued.</source>
        <translation>请说明取消勘察的理由；未加入待同步队列。</translation>
    </message>
    <message>
        <source>Cancellation queued — sent at the next sync; every department and the applicant are told.</source>
        <translation>取消已加入队列——下次同步时发送；各部门和申请人都会收到通知。</translation>
    </message>
    <message>
        <source>Choose a suggested slot first.</source>
        <translation>请先选择一个建议时段。</translation>
    </message>
    <message>
        <source>Proposed {when} — sent at the next sync; each department confirms.</source>
        <translation>已提议 {when}——下次同步时发送；由各部门确认。</translation>
    </message>
    <message>
        <source>{when}: everyone can come ({team}).</source>
        <translation>{when}：各方均可参加（{team}）。</translation>
    </message>
    <message>
        <source>Not planned — {when} does not work:</source>
        <translation>未安排——{when} 不可行：</translation>
    </message>
    <message>
        <source>Say why the department cannot come; nothing was queued.</source>
        <translation>请说明本部门无法参加的理由；未加入待同步队列。</translation>
    </message>
    <message>
        <source>Queued — sent at the next sync.</source>
        <translation>已加入队列——下次同步时发送。</translation>
    </message>
    <message>
        <source>Inspection requested — sent at the next sync; the platform joins it with the other departments&apos; requests.</source>
        <translation>已申请勘察——下次同步时发送；平台会将其与其他部门的申请合并为一次联合勘察。</translation>
    </message>
    <message>
        <source>1 inspection written to {path}.</source>
        <translation>已将 1 次勘察写入 {path}。</translation>
    </message>
    <message>
        <source>{count} inspections written to {path}.</source>
        <translation>已将 {count} 次勘察写入 {path}。</translation>
    </message>
    <message>
        <source>Something went wrong; the log has the details.</source>
        <translation>出现错误；详情见日志。</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Choose an inspection with a time to see its notice.</source>
        <translation>请选择已确定时间的勘察以查看通知。</translation>
    </message>
    <message>
        <source>Notice to the applicant — {case}</source>
        <translation>致申请人的勘察通知——{case}</translation>
    </message>
    <message>
        <source>The notice could not be shown; the log has the details.</source>
        <translation>无法显示通知；详情见日志。</translation>
    </message>
    <message>
        <source>Nothing to print yet.</source>
        <translation>暂无可打印的内容。</translation>
    </message>
    <message>
        <source>Preparing to print…</source>
        <translation>正在准备打印…</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>1 page sent to the printer.</source>
        <translation>已将 1 页发送到打印机。</translation>
    </message>
    <message>
        <source>{count} pages sent to the printer.</source>
        <translation>已将 {count} 页发送到打印机。</translation>
    </message>
    <message>
        <source>Save the notice</source>
        <translation>保存通知</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
    <message>
        <source>Attached photos</source>
        <translation>已附照片</translation>
    </message>
    <message>
        <source>Photo file</source>
        <translation>照片文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Attach photo</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Open photo</source>
        <translation>查看照片</translation>
    </message>
    <message>
        <source>Open the chosen photo</source>
        <translation>查看所选照片</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <source>Remove the chosen photo</source>
        <translation>移除所选照片</translation>
    </message>
    <message>
        <source>Photo {n}</source>
        <translation>照片 {n}</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片 ({patterns})</translation>
    </message>
    <message>
        <source>Choose a photo file first.</source>
        <translation>请先选择照片文件。</translation>
    </message>
    <message>
        <source>A record holds at most {limit} photos; remove one to attach another.</source>
        <translation>一份勘察记录最多附 {limit} 张照片；请先移除一张再添加。</translation>
    </message>
    <message>
        <source>This photo is already attached, as “{caption}”.</source>
        <translation>此照片已附上，名为“{caption}”。</translation>
    </message>
    <message>
        <source>Photo attached; it is uploaded at the next sync after saving.</source>
        <translation>照片已添加；保存后在下次同步时上传。</translation>
    </message>
    <message>
        <source>Choose a photo in the list first.</source>
        <translation>请先在列表中选择一张照片。</translation>
    </message>
    <message>
        <source>“{caption}” removed; save the record to send it without it.</source>
        <translation>已移除“{caption}”；保存记录后，发送的记录将不含此照片。</translation>
    </message>
    <message>
        <source>“{caption}” is not on this computer; it is fetched with “Prepare for field work” while online.</source>
        <translation>“{caption}”不在本机上；请在联网时用“准备外勤（离线）”获取。</translation>
    </message>
    <message>
        <source>declined by {departments}</source>
        <translation>已被{departments}拒绝</translation>
    </message>
    <message>
        <source>Not in the free/busy: {inspectors}. Whether they are free then is not known here; the platform checks it when the confirmation arrives.</source>
        <translation>空闲/忙碌信息中没有{inspectors}，本机无法判断其届时是否有空；确认送达平台时由平台核对。</translation>
    </message>
    <message>
        <source>the time the applicant holds</source>
        <translation>申请人已获通知的时间</translation>
    </message>
    <message>
        <source>the time proposed now</source>
        <translation>当前拟定的时间</translation>
    </message>
    <message>
        <source>Same time, with an inspector of {departments} on the team.</source>
        <translation>时间不变，勘察人员中增加{departments}的人员。</translation>
    </message>
    <message>
        <source>{departments}: nobody on the team, so it cannot confirm. Propose the time again with one of its inspectors (the first suggestion).</source>
        <translation>{departments}：勘察人员中没有该部门的人员，无法确认。请将该部门的勘察人员列入，重新拟定该时间（第一条建议）。</translation>
    </message>
    <message>
        <source>Inspectors&apos; calendar</source>
        <translation>勘察人员日程表</translation>
    </message>
    <message>
        <source>Left and Right move the time cursor by a quarter hour (with Ctrl: an hour), Up and Down to another inspector; each time is checked as you move. Enter proposes the time under the cursor, Escape cancels.</source>
        <translation>左、右方向键将时间光标移动一刻钟（按住 Ctrl 键为一小时），上、下方向键换到其他勘察人员；每移动一次即检查该时间是否可行。回车键提议光标所在时间，Esc 键取消。</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>休假</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Another site inspection</source>
        <translation>其他现场勘察</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>This inspection, proposed</source>
        <translation>本次勘察（已拟定）</translation>
    </message>
    <message>
        <source>This inspection, confirmed</source>
        <translation>本次勘察（已确认）</translation>
    </message>
    <message>
        <source>Suggested slot</source>
        <translation>建议时段</translation>
    </message>
</context>
<context>
    <name>SavedSettings</name>
    <message>
        <source>A saved setting cannot be used</source>
        <translation>已保存的设置无法使用</translation>
    </message>
    <message>
        <source>{problem} It was saved by an earlier version and is kept as it is: correct it (or clear it) in Settings.</source>
        <translation>{problem}该设置由早期版本保存，现按原样保留：请在“设置”中更正（或清除）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>None: the system&apos;s certificates only</source>
        <translation>无：仅使用系统证书</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>None: the system&apos;s proxy settings</source>
        <translation>无：使用系统代理设置</translation>
    </message>
    <message>
        <source> seconds</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>A deadline this many working days away or closer is shown as due soon.</source>
        <translation>距办理时限不超过此工作日数时，显示为即将到期。</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Inspection photos are made this many pixels on their longest side before they are sent; the original&apos;s fingerprint is kept.</source>
        <translation>勘察照片在发送前按最长边缩放到此像素数；保留原图的指纹（哈希值）。</translation>
    </message>
    <message>
        <source>Platform &amp;address:</source>
        <translation>平台地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;CA certificates (PEM):</source>
        <translation>CA 证书（PEM）(&amp;C)：</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>代理(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Sync every:</source>
        <translation>同步间隔(&amp;S)：</translation>
    </message>
    <message>
        <source>File cac&amp;he size:</source>
        <translation>文件缓存大小(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Prefetch up to:</source>
        <translation>预取上限(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Due soon within (working days):</source>
        <translation>即将到期提醒（工作日）(&amp;D)：</translation>
    </message>
    <message>
        <source>Inspection ph&amp;otos up to:</source>
        <translation>勘察照片最大边长(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language is used after the app is restarted.</source>
        <translation>新的界面语言将在程序重新启动后生效。</translation>
    </message>
    <message>
        <source>The network and file cache settings take effect at the next sign-in or start.</source>
        <translation>网络和文件缓存设置将在下次登录或启动时生效。</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>The CA certificate file {path} does not exist.</source>
        <translation>CA 证书文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} holds no CA certificates in PEM form (-----BEGIN CERTIFICATE-----). Choose the certificate file your administrator gave you, or leave the field empty.</source>
        <translation>{path} 中没有 PEM 格式的 CA 证书（-----BEGIN CERTIFICATE-----）。请选择管理员提供的证书文件，或将此项留空。</translation>
    </message>
    <message>
        <source>Only http and https proxies can be used, not SOCKS: {proxy}</source>
        <translation>只能使用 http 或 https 代理，不支持 SOCKS：{proxy}</translation>
    </message>
    <message>
        <source>The proxy must be an address such as http://proxy.example:8080.</source>
        <translation>代理须为类似 http://proxy.example:8080 的地址。</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Starting the training platform…</source>
        <translation>正在启动培训平台…</translation>
    </message>
    <message>
        <source>Switch user while offline?</source>
        <translation>离线时切换用户？</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Sign out while offline?</source>
        <translation>离线时退出登录？</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Signing in again needs the platform, as it checks the password: until it can be reached, nobody can sign in on this computer — {user} neither — and this work cannot be opened.

Nothing is lost: the changes not yet sent ({count}) are kept on this computer for {user} and sent at their next sign-in.</source>
        <translation>重新登录需要连接平台验证密码：在平台恢复连接之前，任何人（包括 {user} 本人）都无法在本机登录，也无法打开这些工作。

不会丢失任何内容：尚未发送的修改（{count} 项）在本机为 {user} 保留，将在其下次登录时发送。</translation>
    </message>
    <message>
        <source>The platform {url} cannot be reached now.</source>
        <translation>目前无法连接平台 {url}。</translation>
    </message>
    <message>
        <source>The platform {url} has not answered the sync under way yet; if it cannot be reached:</source>
        <translation>正在进行的同步尚未收到平台 {url} 的应答；如无法连接平台：</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>保持登录</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>诊断信息已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>SignInAgain</name>
    <message>
        <source>Sign in again</source>
        <translation>重新登录</translation>
    </message>
    <message>
        <source>To sign in as someone else, use File &gt; Switch user.</source>
        <translation>如需以其他用户登录，请使用“文件 &gt; 切换用户”。</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>重新登录…</translation>
    </message>
    <message>
        <source>The central platform no longer accepts your sign-in</source>
        <translation>中心平台的登录已失效</translation>
    </message>
    <message>
        <source>It has expired or was ended on the platform. You can go on working: your changes are kept here and sent once you sign in again with your password.</source>
        <translation>登录已过期，或已在平台上被注销。您可以继续办理：所做的修改保存在本机，输入密码重新登录后即上传。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to the central platform</source>
        <translation>登录中央平台</translation>
    </message>
    <message>
        <source>Sign in with your account of the central platform. The address and your user name are remembered; the password is not.</source>
        <translation>请使用您在中央平台的账号登录。程序会记住平台地址和用户名，但不会保存密码。</translation>
    </message>
    <message>
        <source>Platform &amp;address:</source>
        <translation>平台地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter the platform&apos;s address.</source>
        <translation>请输入平台地址。</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The platform {host} cannot be reached. Check the address and the network connection, then try again.</source>
        <translation>无法连接平台 {host}。请检查平台地址和网络连接，然后重试。</translation>
    </message>
    <message>
        <source>The platform {host} is not working right now (HTTP {status}). Try signing in again in a few minutes; if it goes on, tell your administrator.</source>
        <translation>平台 {host} 暂时无法正常工作（HTTP {status}）。请过几分钟再登录；如问题持续，请告知管理员。</translation>
    </message>
</context>
<context>
    <name>SignInNotice</name>
    <message>
        <source>Sign in with your password…</source>
        <translation>用密码登录…</translation>
    </message>
    <message>
        <source>Sign in at {url}…</source>
        <translation>在 {url} 登录…</translation>
    </message>
    <message>
        <source>The saved sign-in could not be removed</source>
        <translation>无法删除保存的登录凭据</translation>
    </message>
    <message>
        <source>1 change of {user} is in conflict and is kept too: re-apply or discard it in File &gt; Conflicts after {user} signs in again.</source>
        <translation>{user} 还有 1 项修改存在冲突，同样已保留：请在 {user} 重新登录后，通过“文件 &gt; 冲突”重新应用或放弃。</translation>
    </message>
    <message>
        <source>{count} changes of {user} are in conflict and are kept too: re-apply or discard them in File &gt; Conflicts after {user} signs in again.</source>
        <translation>{user} 还有 {count} 项修改存在冲突，同样已保留：请在 {user} 重新登录后，通过“文件 &gt; 冲突”重新应用或放弃。</translation>
    </message>
    <message>
        <source>Changes kept for {user}</source>
        <translation>已为 {user} 保留的修改</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>The saved sign-in cannot be read</source>
        <translation>无法读取已保存的登录状态</translation>
    </message>
    <message>
        <source>This sign-in will not be remembered</source>
        <translation>本次登录不会被保存</translation>
    </message>
    <message>
        <source>Changes not sent from another address</source>
        <translation>另一地址下有未发送的更改</translation>
    </message>
</context>
<context>
    <name>StartupFailure</name>
    <message>
        <source>OneVisit Back Office cannot start</source>
        <translation>只跑一次 部门后台无法启动</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sign-in expired</source>
        <translation>登录已失效</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>同步出错</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Sign in to sync with the central platform.</source>
        <translation>登录后即可与中央平台同步。</translation>
    </message>
    <message>
        <source>Platform not available</source>
        <translation>平台暂不可用</translation>
    </message>
    <message>
        <source>Syncing everything again after the upgrade…</source>
        <translation>升级后正在重新同步全部数据…</translation>
    </message>
    <message>
        <source>1 record received</source>
        <translation>已接收 1 条记录</translation>
    </message>
    <message>
        <source>{n} records received</source>
        <translation>已接收 {n} 条记录</translation>
    </message>
    <message>
        <source>1 file downloaded</source>
        <translation>已下载 1 个文件</translation>
    </message>
    <message>
        <source>{n} files downloaded</source>
        <translation>已下载 {n} 个文件</translation>
    </message>
    <message>
        <source>{n} waiting to be sent</source>
        <translation>{n} 项待发送</translation>
    </message>
    <message>
        <source>1 conflict</source>
        <translation>1 项冲突</translation>
    </message>
    <message>
        <source>{n} conflicts</source>
        <translation>{n} 项冲突</translation>
    </message>
    <message>
        <source>{n} set aside</source>
        <translation>{n} 条已隔离</translation>
    </message>
    <message>
        <source>Last successful sync: {when}</source>
        <translation>上次成功同步：{when}</translation>
    </message>
    <message>
        <source>Waiting for the first answer from the central platform.</source>
        <translation>正在等待中心平台的首次应答。</translation>
    </message>
    <message>
        <source>This version pulls every record from the platform once more after the upgrade; it takes as long as the first sync. Changes waiting to be sent are kept, and a sync cut short goes on where it stopped.</source>
        <translation>升级后，本版本将再次从平台获取全部记录，耗时与首次同步相当。待发送的修改会保留；同步中断后会从中断处继续。</translation>
    </message>
    <message>
        <source>1 record from the platform was set aside as malformed</source>
        <translation>平台发来的 1 条记录格式有误，已隔离</translation>
    </message>
    <message>
        <source>{n} records from the platform were set aside as malformed</source>
        <translation>平台发来的 {n} 条记录格式有误，已隔离</translation>
    </message>
    <message>
        <source>File › Fetch set-aside records again brings them once more.</source>
        <translation>可通过“文件 › 重新获取已隔离的记录”再次获取。</translation>
    </message>
    <message>
        <source>Next attempt: {when}</source>
        <translation>下次尝试：{when}</translation>
    </message>
    <message>
        <source>Click to sign in again</source>
        <translation>点击重新登录</translation>
    </message>
    <message>
        <source>Click to see conflicts</source>
        <translation>点击查看冲突</translation>
    </message>
    <message>
        <source>Computer clock wrong</source>
        <translation>本机时钟不准</translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>Choose a review task in the inbox.</source>
        <translation>请在收件箱中选择一项审核任务。</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>退回待认领</translation>
    </message>
    <message>
        <source>Reopen the review</source>
        <translation>重新审核</translation>
    </message>
    <message>
        <source>Hand over to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>转交</translation>
    </message>
    <message>
        <source>Request site inspection</source>
        <translation>申请现场勘察</translation>
    </message>
    <message>
        <source>Decision…</source>
        <translation>审查决定…</translation>
    </message>
    <message>
        <source>Case details</source>
        <translation>办件信息</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>告知书</translation>
    </message>
    <message>
        <source>Correction notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Deferred materials</source>
        <translation>容缺材料</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>This review task is no longer in the local store.</source>
        <translation>本地存储中已没有此审核任务。</translation>
    </message>
    <message>
        <source>Published opinion: {opinion}</source>
        <translation>已出具的审核意见：{opinion}</translation>
    </message>
    <message>
        <source>No opinion given yet.</source>
        <translation>尚未出具审核意见。</translation>
    </message>
    <message>
        <source>Deferred ({count})</source>
        <translation>容缺材料（{count}）</translation>
    </message>
    <message>
        <source>Deferred materials ({count} outstanding)</source>
        <translation>容缺材料（{count} 份待补交）</translation>
    </message>
    <message>
        <source>No colleagues known yet (next sync)</source>
        <translation>尚无同事名单（下次同步后获取）</translation>
    </message>
    <message>
        <source>{holder} has this task: only they record verdicts on its materials; nothing was queued.</source>
        <translation>本任务由{holder}办理，只有其本人可以记录材料审查结论；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>The notice went to the applicant: verdicts wait for the corrections; nothing was queued.</source>
        <translation>告知书已发给申请人，审查结论须待申请人补正后再记录；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>The clock is suspended for a special procedure: verdicts wait until it is resumed; nothing was queued.</source>
        <translation>因特别程序已中止计时，恢复计时后方可记录审查结论；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>The opinion is given; reopen the review to change a verdict. Nothing was queued.</source>
        <translation>已出具审查意见，如需修改审查结论请先重新审核。本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>This task takes no more verdicts; nothing was queued.</source>
        <translation>本任务不能再记录审查结论；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>Claim the task first to give the opinion.</source>
        <translation>请先认领该任务，再出具审核意见。</translation>
    </message>
    <message>
        <source>You can give the opinion when the applicant&apos;s corrections are in.</source>
        <translation>申请人补正材料后即可提交意见。</translation>
    </message>
    <message>
        <source>The clock is suspended for a special procedure: resume it first.</source>
        <translation>因特别程序已中止计时：请先恢复计时。</translation>
    </message>
    <message>
        <source>The opinion is given; reopen the review to change it.</source>
        <translation>审核意见已出具；如需修改，请先重新审核。</translation>
    </message>
    <message>
        <source>{stopped} The conflict list has the details.</source>
        <translation>{stopped}详情见冲突列表。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{material} (due {date})</source>
        <translation>{material}（应于 {date} 前补交）</translation>
    </message>
    <message>
        <source>Deferred material overdue</source>
        <translation>容缺材料已逾期</translation>
    </message>
    <message>
        <source>The applicant has not handed in {materials}, accepted as deferred against a written commitment: the due date has passed.</source>
        <translation>申请人以书面承诺容缺受理的{materials}尚未补交，已超过补交期限。</translation>
    </message>
    <message>
        <source>The opinion would be given on an application still missing it. The applicant was told at acceptance what happens when it is late; apply that, or add it to the correction notice first. Give the opinion anyway?</source>
        <translation>此时出具的审查意见所依据的申请仍缺少该材料。受理时已告知申请人超期处理办法，请按其处理，或先将其列入一次性告知书。仍要出具审查意见吗？</translation>
    </message>
    <message>
        <source>Give the opinion</source>
        <translation>出具意见</translation>
    </message>
    <message>
        <source>The department&apos;s items for {materials} wait in the draft correction notice: the opinion follows the applicant&apos;s corrections. Give it once the lead department has issued the notice and the corrections are in, or has dropped these items.</source>
        <translation>本部门关于{materials}的补正事项尚在一次性告知书草稿中：审查意见应在申请人补正之后出具。请待牵头部门发出告知书且申请人补正后，或牵头部门删去上述事项后，再出具意见。</translation>
    </message>
    <message>
        <source>Checks without a verdict on {count} of the department&apos;s materials: {materials}. Record a verdict on each check before giving the opinion (a failed check is one too).</source>
        <translation>本部门有 {count} 份材料的审查项尚未记录结论：{materials}。请先逐项记录结论（不通过也是结论），再出具意见。</translation>
    </message>
    <message>
        <source>{holder} has this task; only a coordinator can release it or hand it over.</source>
        <translation>{holder} 已认领此任务；只有协调员可以释放或移交。</translation>
    </message>
    <message>
        <source>Sent, awaiting the platform.</source>
        <translation>已发送，等待平台确认。</translation>
    </message>
    <message>
        <source>Applied by the platform.</source>
        <translation>平台已执行。</translation>
    </message>
    <message>
        <source>Choose the colleague first; nothing was queued.</source>
        <translation>请先选择同事；未加入待同步队列。</translation>
    </message>
    <message>
        <source>Write the department&apos;s opinion first; nothing was queued.</source>
        <translation>请先填写本部门的审核意见；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>An opinion may have at most {limit} characters; nothing was queued.</source>
        <translation>审查意见最多 {limit} 个字；未加入待同步队列。</translation>
    </message>
    <message>
        <source>There are no failing checks to add to the notice.</source>
        <translation>没有审查不通过项可加入告知书。</translation>
    </message>
    <message>
        <source>Write a comment first; nothing was queued.</source>
        <translation>请先填写备注；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>A comment may have at most {limit} characters.</source>
        <translation>备注最多 {limit} 个字。</translation>
    </message>
    <message>
        <source>Claim the task before recording verdicts; nothing was queued.</source>
        <translation>请先认领任务，再记录审查结论；本次未加入待发送队列。</translation>
    </message>
    <message>
        <source>Queued — sent at the next sync.</source>
        <translation>已加入待发送队列，将在下次同步时发送。</translation>
    </message>
    <message>
        <source>Something went wrong; the log has the details.</source>
        <translation>出现问题，详细信息见日志。</translation>
    </message>
    <message>
        <source>Ctrl+Enter in the text</source>
        <translation>在输入框中按 Ctrl+Enter</translation>
    </message>
    <message>
        <source>The department&apos;s opinion on the case</source>
        <translation>本部门对该办件的审核意见</translation>
    </message>
    <message>
        <source>Give opinion</source>
        <translation>出具审核意见</translation>
    </message>
    <message>
        <source>New comment</source>
        <translation>新备注</translation>
    </message>
    <message>
        <source>A comment for the other departments on this case</source>
        <translation>写给该办件其他部门的备注</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>(queued — sent at the next sync)</source>
        <translation>（已加入待发送队列，将在下次同步时发送）</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>暂无备注。</translation>
    </message>
    <message>
        <source>unclaimed</source>
        <translation>待认领</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>awaiting the applicant</source>
        <translation>待申请人补正</translation>
    </message>
    <message>
        <source>clock suspended</source>
        <translation>已中止计时</translation>
    </message>
    <message>
        <source>opinion given</source>
        <translation>已出具意见</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>已移交其他部门</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>in time</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>transferred to another department</source>
        <translation>已移交其他部门</translation>
    </message>
    <message>
        <source>case withdrawn</source>
        <translation>办件已撤回</translation>
    </message>
    <message>
        <source>case completed on time on {date}</source>
        <translation>办件已于 {date} 按时办结</translation>
    </message>
    <message>
        <source>case completed late on {date}</source>
        <translation>办件已于 {date} 超期办结</translation>
    </message>
    <message>
        <source>case completed</source>
        <translation>办件已办结</translation>
    </message>
    <message>
        <source>step completed</source>
        <translation>本环节已完成</translation>
    </message>
    <message>
        <source>1 working day late</source>
        <translation>已超期 1 个工作日</translation>
    </message>
    <message>
        <source>1 working day left</source>
        <translation>剩余 1 个工作日</translation>
    </message>
    <message>
        <source>{days} working days late</source>
        <translation>已超期 {days} 个工作日</translation>
    </message>
    <message>
        <source>{days} working days left</source>
        <translation>剩余 {days} 个工作日</translation>
    </message>
    <message>
        <source>provisional calendar</source>
        <translation>临时工作日历</translation>
    </message>
    <message>
        <source>the offline estimate differs from the platform&apos;s date</source>
        <translation>离线估算与平台日期不一致</translation>
    </message>
    <message>
        <source>estimated offline</source>
        <translation>离线估算</translation>
    </message>
    <message>
        <source>Case code</source>
        <translation>统一审核编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>办件类型</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Site address</source>
        <translation>现场地址</translation>
    </message>
    <message>
        <source>Case deadline</source>
        <translation>办件办理时限</translation>
    </message>
    <message>
        <source>Our step deadline</source>
        <translation>本部门环节时限</translation>
    </message>
    <message>
        <source>Our task</source>
        <translation>本部门任务</translation>
    </message>
    <message>
        <source>All case details ▾</source>
        <translation>全部办件信息 ▾</translation>
    </message>
    <message>
        <source>Fewer details ▴</source>
        <translation>收起 ▴</translation>
    </message>
    <message>
        <source>person</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>company</source>
        <translation>法人</translation>
    </message>
    <message>
        <source>immediate case</source>
        <translation>即办件</translation>
    </message>
    <message>
        <source>promised case</source>
        <translation>承诺件</translation>
    </message>
    <message>
        <source>escalated case</source>
        <translation>上报件</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>claimed by you</source>
        <translation>已由您认领</translation>
    </message>
    <message>
        <source>claimed by {user}</source>
        <translation>已由 {user} 认领</translation>
    </message>
    <message>
        <source>{kind}, {promised} working days promised, {statutory} statutory</source>
        <translation>{kind}，承诺时限 {promised} 个工作日，法定时限 {statutory} 个工作日</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{name} ({user})</source>
        <translation>{name}（{user}）</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 张照片</translation>
    </message>
    <message>
        <source>{count} photos</source>
        <translation>{count} 张照片</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料数</translation>
    </message>
    <message>
        <source>Published opinion</source>
        <translation>已出具意见</translation>
    </message>
    <message>
        <source>{department} (lead)</source>
        <translation>{department}（牵头）</translation>
    </message>
    <message>
        <source>Another department&apos;s materials are not sent here: their number is unknown.</source>
        <translation>其他部门的材料不会发送到本处，数量未知。</translation>
    </message>
    <message>
        <source>confirmed by {person}</source>
        <translation>{person} 现场确认</translation>
    </message>
    <message>
        <source>recorded by {person}</source>
        <translation>{person} 记录</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>time proposed, awaiting answers</source>
        <translation>已提议时间，等待答复</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>no result yet</source>
        <translation>尚无结论</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>pass with corrections</source>
        <translation>整改后符合</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>answer pending</source>
        <translation>待答复</translation>
    </message>
    <message>
        <source>time confirmed</source>
        <translation>已确认时间</translation>
    </message>
    <message>
        <source>time declined</source>
        <translation>已拒绝时间</translation>
    </message>
    <message>
        <source>no time yet</source>
        <translation>尚未确定时间</translation>
    </message>
    <message>
        <source>cancelled: {reason}</source>
        <translation>已取消：{reason}</translation>
    </message>
    <message>
        <source>joint result: {result}</source>
        <translation>联合勘察结论：{result}</translation>
    </message>
    <message>
        <source>Joint site inspection</source>
        <translation>联合现场勘察</translation>
    </message>
    <message>
        <source>Site inspection</source>
        <translation>现场勘察</translation>
    </message>
    <message>
        <source>{department} (organiser)</source>
        <translation>{department}（组织部门）</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>承诺内容</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>补交期限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>outstanding</source>
        <translation>待补交</translation>
    </message>
    <message>
        <source>supplied on {date}</source>
        <translation>已于 {date} 补交</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>accepted at the window</source>
        <translation>窗口受理</translation>
    </message>
    <message>
        <source>correction notice issued</source>
        <translation>发出一次性告知书</translation>
    </message>
    <message>
        <source>corrections came in</source>
        <translation>申请人已补正</translation>
    </message>
    <message>
        <source>clock resumed</source>
        <translation>恢复计时</translation>
    </message>
    <message>
        <source>extension requested</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <source>extension approved</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <source>applicant notified</source>
        <translation>告知申请人</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>decision</source>
        <translation>审查决定</translation>
    </message>
    <message>
        <source>decision issued</source>
        <translation>送达审查决定</translation>
    </message>
    <message>
        <source>site inspection requested</source>
        <translation>申请现场勘察</translation>
    </message>
    <message>
        <source>site inspection time proposed</source>
        <translation>提议现场勘察时间</translation>
    </message>
    <message>
        <source>site inspection time declined</source>
        <translation>拒绝现场勘察时间</translation>
    </message>
    <message>
        <source>site inspection confirmed</source>
        <translation>确认现场勘察</translation>
    </message>
    <message>
        <source>site inspection rescheduled</source>
        <translation>现场勘察改期</translation>
    </message>
    <message>
        <source>site inspection cancelled</source>
        <translation>取消现场勘察</translation>
    </message>
    <message>
        <source>site inspection recorded</source>
        <translation>记录现场勘察结果</translation>
    </message>
    <message>
        <source>case escalated to the upper-level authority</source>
        <translation>办件已上报上级机关</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>计时与延期</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>部门进度</translation>
    </message>
    <message>
        <source>Each department&apos;s progress</source>
        <translation>各部门办理进度</translation>
    </message>
    <message>
        <source>Typed text not kept</source>
        <translation>输入的内容未能保存</translation>
    </message>
    <message>
        <source>What you typed and did not send could not be kept on this computer: {reason}
Copy it to the clipboard before it is lost?</source>
        <translation>您输入但尚未提交的内容未能保存在本机：{reason}
是否在丢失前将其复制到剪贴板？</translation>
    </message>
    <message>
        <source>Copy to the clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
</context>
<context>
    <name>TrainingRoles</name>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>勘察人员</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>The training data was not reset: Back Office runs in training mode in another window on this computer. Leave training mode there first.</source>
        <translation>培训数据未重置：本机另一个窗口中的部门后台正以培训模式运行。请先在该窗口退出培训模式。</translation>
    </message>
    <message>
        <source>Sign in as another training role</source>
        <translation>以其他培训角色登录</translation>
    </message>
    <message>
        <source>Practise another role of {department}. The training platform keeps running, and each account has its own training store.</source>
        <translation>练习{department}的其他角色。培训平台保持运行，每个账号有各自的培训本地存储。</translation>
    </message>
    <message>
        <source>Training accounts</source>
        <translation>培训账号</translation>
    </message>
    <message>
        <source>signed in now</source>
        <translation>当前已登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Leave training mode…</source>
        <translation>退出培训模式…</translation>
    </message>
    <message>
        <source>Stop the training platform and sign in to a real one.</source>
        <translation>停止培训平台并登录真实平台。</translation>
    </message>
    <message>
        <source>Reset training data…</source>
        <translation>重置培训数据…</translation>
    </message>
    <message>
        <source>For a trainer: start training afresh with new demo data, every training account&apos;s work on this computer removed.</source>
        <translation>供培训管理人员使用：以新的演示数据重新开始培训，本机所有培训账号的练习记录将被清除。</translation>
    </message>
    <message>
        <source>Reset training data</source>
        <translation>重置培训数据</translation>
    </message>
    <message>
        <source>Reset the training data of this computer?

The training platform is seeded again with new demo data, and the training stores of every training account are removed: the cases, verdicts, notices and decisions practised so far are gone. Training mode then starts afresh, signed in as the default reviewer. Real work is not touched.</source>
        <translation>确定重置本机的培训数据吗？

培训平台将重新生成演示数据，本机所有培训账号的培训本地存储将被删除：此前练习的办件、审查结论、告知书和决定均不再保留。随后培训模式重新启动，以默认审核人身份登录。正式工作数据不受影响。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>The training data could not be reset: {reason}</source>
        <translation>培训数据未能重置：{reason}</translation>
    </message>
    <message>
        <source>Reset the training data of this computer?

The training platform and the training stores of every training account are removed: the cases, verdicts, notices and decisions practised so far are gone. The next start of training mode seeds new demo data. Real work is not touched.</source>
        <translation>确定重置本机的培训数据吗？

培训平台及本机所有培训账号的培训本地存储将被删除：此前练习的办件、审查结论、告知书和决定均不再保留。下次启动培训模式时将重新生成演示数据。正式工作数据不受影响。</translation>
    </message>
    <message>
        <source>The training data was reset: the next start of training mode seeds new demo data.</source>
        <translation>培训数据已重置：下次启动培训模式时将重新生成演示数据。</translation>
    </message>
    <message>
        <source>Switching to {name} ({roles})…</source>
        <translation>正在切换到{name}（{roles}）…</translation>
    </message>
    <message>
        <source>Switching to {name}…</source>
        <translation>正在切换到{name}…</translation>
    </message>
    <message>
        <source>The training platform keeps running. This account&apos;s own training store is opened and synced; its workspaces follow in a moment.</source>
        <translation>培训平台保持运行。正在打开并同步该账号自己的培训本地存储，其工作区随后即显示。</translation>
    </message>
    <message>
        <source>Signing in as another training role…</source>
        <translation>正在以其他培训角色登录…</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to OneVisit Back Office</source>
        <translation>欢迎使用只跑一次 部门后台</translation>
    </message>
    <message>
        <source>Your department&apos;s review tasks, site inspections and decisions, on this computer — also when the network is down.</source>
        <translation>本部门的审核任务、现场勘察和审查决定都在这台电脑上办理——断网时也能继续工作。</translation>
    </message>
    <message>
        <source>Connect to the central platform</source>
        <translation>连接中央平台</translation>
    </message>
    <message>
        <source>Enter the address your administrator gave you; you then sign in with your own account.</source>
        <translation>请输入管理员提供的平台地址，然后使用您本人的账号登录。</translation>
    </message>
    <message>
        <source>Platform address</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>培训模式</translation>
    </message>
    <message>
        <source>Try everything on made-up demo cases from a practice platform on this computer; nothing reaches the real platform.</source>
        <translation>在本机的练习平台上用虚构的演示办件体验全部功能，任何操作都不会发送到正式平台。</translation>
    </message>
    <message>
        <source>Start &amp;training mode</source>
        <translation>进入培训模式(&amp;T)</translation>
    </message>
    <message>
        <source>Reset training data…</source>
        <translation>重置培训数据…</translation>
    </message>
    <message>
        <source>For a trainer: remove the training data of this computer, so that the next start of training mode seeds new demo data.</source>
        <translation>供培训管理人员使用：删除本机的培训数据，下次启动培训模式时将重新生成演示数据。</translation>
    </message>
    <message>
        <source>Starting the training platform…</source>
        <translation>正在启动培训平台…</translation>
    </message>
    <message>
        <source>Removing the training data…</source>
        <translation>正在删除培训数据…</translation>
    </message>
    <message>
        <source>Training mode could not start: {reason}</source>
        <translation>培训模式无法启动：{reason}</translation>
    </message>
    <message>
        <source>This is not a web address; it looks like https://platform.example.</source>
        <translation>这不是有效的网址，格式应类似 https://platform.example。</translation>
    </message>
</context>
</TS>
