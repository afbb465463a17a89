"""The pools and rates the synthetic company is drawn from: names, departments, customers, notes.

Kept apart from :mod:`careerpath.workbook.synth` so the generator reads as logic; every number here
is a plausible rate for a logistics / e-commerce customer-service department, not a tuned value.
"""

from __future__ import annotations

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Weights roughly follow how common the surnames are (王/李/张/刘/陈 make up a quarter of people).
SURNAME_WEIGHTS = [7.2, 7.0, 6.8, 5.4, 4.6] + [2.0] * 10 + [1.0] * 20 + [0.5] * (len(SURNAMES) - 35)
GIVEN_F = "丽婷芳娜敏静燕艳霞秀娟英华慧巧美娅莉倩雪琳晶颖佳欣怡悦萱梦洁晓雅丹蕾璐瑶媛露瑾彤薇"
GIVEN_M = "伟强磊军洋勇杰涛明超斌鹏辉刚平波宇浩俊帅凯峰亮健鑫龙飞坤文博晨阳毅睿哲昊翔"
DEPARTMENTS = (
    ("华东客服一部", False),
    ("华东客服二部", False),
    ("华南客服部", False),
    ("华北客服部", False),
    ("华中客服部", False),
    ("西南客服部", False),
    ("西北客服部", False),
    ("东北客服部", False),
    ("大客户服务部", True),
    ("电商客服中心", False),
    ("国际件客服部", True),
    ("冷链客服部", True),
    ("快运客服部", False),
    ("仓配客服部", True),
    ("项目客服部", True),
    ("理赔客服组", False),
)
HQ = "客服中心"
CUSTOMERS = (
    "上海联华超市股份有限公司",
    "苏州好孩子儿童用品有限公司",
    "杭州娃哈哈集团有限公司",
    "宁波方太厨具有限公司",
    "美的集团股份有限公司",
    "格力电器股份有限公司",
    "海尔智家股份有限公司",
    "TCL实业控股股份有限公司",
    "小熊电器股份有限公司",
    "九阳股份有限公司",
    "森马服饰股份有限公司",
    "安踏体育用品有限公司",
    "李宁体育用品有限公司",
    "波司登羽绒服装有限公司",
    "三只松鼠股份有限公司",
    "良品铺子股份有限公司",
    "百草味食品有限公司",
    "蒙牛乳业有限公司",
    "伊利实业集团股份有限公司",
    "农夫山泉股份有限公司",
    "立白科技集团有限公司",
    "蓝月亮(中国)有限公司",
    "完美日记化妆品有限公司",
    "珀莱雅化妆品股份有限公司",
    "欧派家居集团股份有限公司",
    "索菲亚家居股份有限公司",
    "顾家家居股份有限公司",
    "华为终端有限公司",
    "小米通讯技术有限公司",
    "OPPO广东移动通信有限公司",
    "步步高教育电子有限公司",
    "联想(北京)有限公司",
    "京东方科技集团股份有限公司",
    "宁德时代新能源科技股份有限公司",
    "比亚迪汽车工业有限公司",
    "吉利汽车零部件有限公司",
    "正泰电器股份有限公司",
    "公牛集团股份有限公司",
    "晨光文具股份有限公司",
    "得力集团有限公司",
    "鸿星尔克实业有限公司",
    "七匹狼服装有限公司",
    "太平鸟服饰股份有限公司",
    "雅戈尔集团股份有限公司",
    "海澜之家集团股份有限公司",
    "汤臣倍健股份有限公司",
    "云南白药集团股份有限公司",
    "片仔癀药业股份有限公司",
    "老板电器股份有限公司",
    "苏泊尔股份有限公司",
    "飞科电器股份有限公司",
    "罗莱生活科技股份有限公司",
    "水星家纺股份有限公司",
    "洽洽食品股份有限公司",
    "来伊份食品股份有限公司",
    "周黑鸭食品有限公司",
    "绝味食品股份有限公司",
    "卫龙食品有限公司",
    "元气森林(北京)食品科技有限公司",
    "喜茶餐饮管理有限公司",
)
CUSTOMER_NOTES = (
    "客户来函表扬：异常件处理及时",
    "客户邮件表扬服务态度好",
    "客户赠送锦旗",
    "客户表扬：大促期间响应迅速",
    "客户表扬：协助完成对账",
    "客户来电表扬：耐心解答",
)
INTERNAL_NOTES = (
    "部门月度服务明星",
    "季度优秀客服",
    "协助处理大促高峰，部门通报表扬",
    "跨部门协作表扬",
    "年度优秀员工",
    "提出流程改进建议被采纳",
)
TRAININGS = (
    "客户沟通技巧",
    "投诉处理实务",
    "系统操作进阶",
    "物流业务知识",
    "办公软件（PPT与函数）提升",
    "服务礼仪",
    "合规与信息安全",
)
NEW_HIRE_TRAINING = "新员工入职培训"
ATTEST_NOTES = ("日常工作观察", "抽查系统操作记录", "带教考核通过", "案例处理复盘", "部门内训表现")
INCIDENT_NOTES = {
    "重大事故": "货物丢失未及时上报，造成客户损失",
    "重大投诉": "客户投诉服务态度，经核实属实",
    "红头文件通报": "违反操作规范，公司发文通报",
    "触犯高压线": "泄露客户信息",
}
EDUCATION = (("初中", 1), ("高中", 10), ("中专", 14), ("职高", 3), ("大专", 42), ("本科", 27), ("硕士", 3))
EDUCATION_MGMT = (("中专", 5), ("大专", 40), ("本科", 48), ("硕士", 7))

# An organisational condition rather than a skill (业务萎缩): never reached by climbing the ladder.
NOT_A_SKILL = 99
# Competency code -> (first ladder step where it is attested, probability at that step). Steps count
# promotions from the entry level (0 = 客服助理 in the default policy). Unknown codes use a default.
COMPETENCY_RULES: dict[str, tuple[int, float]] = {
    "independent_operation": (0, 0.92),
    "routine_exceptions": (1, 0.75),
    "office_ppt_functions": (2, 0.5),
    "learning_adaptability": (2, 0.55),
    "office_visio": (3, 0.6),
    "major_exceptions": (3, 0.65),
    "client_engagement": (3, 0.6),
    "leads_training": (3, 0.6),
    "management_potential": (2, 0.1),
    "business_shrinkage": (NOT_A_SKILL, 0.0),  # see synth._Evidence.attestations
}
# Known rate metrics: (mean, sd) of a person's usual value; volumes are generated separately.
RATE_PROFILES: dict[str, tuple[float, float]] = {
    "accuracy": (0.985, 0.008),
    "tracking_on_time": (0.965, 0.015),
    "delivery_on_time": (0.955, 0.02),
    "complaint_rate": (0.004, 0.003),
    "satisfaction": (0.94, 0.025),
    "receipt_return_on_time": (0.95, 0.03),
    "invoicing_on_time": (0.97, 0.02),
    "receivables_recovery": (0.93, 0.04),
    # The e-commerce preset's rates (its "excellent" month: 报错率 ≤ 0.5%, 反馈率 ≥ 98%, 满意度 ≥ 95%).
    "error_rate": (0.003, 0.001),
    "feedback_rate": (0.99, 0.004),
    "consult_satisfaction": (0.97, 0.01),
}
KEY_ACCOUNT_METRICS = ("receipt_return_on_time", "invoicing_on_time", "receivables_recovery")
METRIC_HISTORY_MONTHS = 18
SEASON = {1: 0.95, 2: 0.82, 3: 0.97, 6: 1.08, 11: 1.18, 12: 1.1}  # 春节 dip, 618 and 双11 peaks
