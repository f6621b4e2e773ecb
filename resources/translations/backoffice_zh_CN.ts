<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>Started with --demo: for training and demonstration only.</source>
        <translation>以 --demo 启动：仅供培训和演示使用。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not connected to the central platform.</source>
        <translation>未连接中央平台。</translation>
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
        <source>&lt;h3&gt;OneVisit Back Office {version}&lt;/h3&gt;&lt;p&gt;The department back office of “One Visit Only” administrative services (DB22/T 2871.1—2018): review tasks, joint site inspections and decisions, working offline and in step with the central platform.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;只跑一次 部门后台 {version}&lt;/h3&gt;&lt;p&gt;政务服务“只跑一次”（DB22/T 2871.1—2018）的部门后台：审核任务、联合现场勘察与审查决定；可离线工作，并与中央平台保持同步。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About OneVisit Back Office</source>
        <translation>关于只跑一次 部门后台</translation>
    </message>
</context>
</TS>
