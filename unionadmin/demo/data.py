"""The demo county as plain data: its unions, the people who log in, and the pools members are drawn from.

The county (青溪县) is fictitious. Its region code 513099 is not a real county's code, so the
identity numbers and credit codes made from it cannot be a real person's or employer's.
Organisation data is fixed here (only members depend on ``--seed``), so every demo county
has the same units, codes and logins.
"""
import datetime
from dataclasses import dataclass

COUNTY = "青溪县"
REGION_CODE = "513099"
# Migrant workers come from elsewhere: fictitious neighbouring region codes, for the same reason.
OTHER_REGION_CODES = ["513091", "513092", "513093", "513095"]
AREA_CODE = "0818"

# Members' dates are drawn relative to this day, not today, so a seed always gives the same data.
AS_OF = datetime.date(2026, 6, 30)

PASSWORD = "Demo2026!union"


@dataclass(frozen=True)
class Branch:
    name: str
    share: float  # of the grassroots union's members
    groups: tuple[str, ...] = ()
    rating: tuple[str, int] | None = None  # a "职工小家" rating


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    short_name: str
    parent: str  # key of the federation or an industry union
    category: str
    sector: str
    employees: int  # scaled with --members; these are the proportions of the default county
    founded: str
    chair: tuple[str, str]  # name, gender
    profile: str  # the workforce profile in PROFILES
    code_type: str  # first two characters of the employer's credit code: 91 firm, 11 organ, 12 institution, 81 union
    rating: tuple[str, int] | None = None
    bank: str | None = None  # None: no own account
    rate: float | None = None  # membership rate; None draws one from the profile's range
    # Federations of small employers and projects list their members' employers, each with its
    # own posts (empty: the profile's).
    employers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    address: str = ""
    branches: tuple[Branch, ...] = ()


FEDERATION = dict(
    key="fed", name=f"{COUNTY}总工会", short_name="县总工会", level="federation", sector="government",
    code_type="81", founded="1951-05-01", chair=("周建华", "male"), bank="中国农业银行青溪县支行",
    document_code="青工发", address="青溪县城关镇人民路88号",
)

INDUSTRY_UNIONS = [
    dict(key="edu", name=f"{COUNTY}教育工会", short_name="县教育工会", code_type="11", founded="1985-09-10",
         chair=("郑淑芬", "female"), bank="中国建设银行青溪支行", document_code="青教工",
         address="青溪县城关镇文昌路12号"),
    dict(key="health", name=f"{COUNTY}卫生健康系统工会", short_name="县卫健系统工会", code_type="11",
         founded="1992-04-20", chair=("罗大勇", "male"), bank="中国工商银行青溪支行", document_code="青卫工",
         address="青溪县城关镇健康路3号"),
    dict(key="transport", name=f"{COUNTY}交通运输系统工会", short_name="县交通运输系统工会", code_type="11",
         founded="1993-06-18", chair=("何国平", "male"), bank="中国农业银行青溪县支行", document_code="青交工",
         address="青溪县城关镇滨江路156号"),
    dict(key="organs", name=f"{COUNTY}机关工会工作委员会", short_name="县直机关工委", code_type="11",
         founded="1990-03-02", chair=("孙丽华", "female"), bank=None, document_code="青直工委",
         address="青溪县城关镇人民路1号"),
    dict(key="building", name=f"{COUNTY}住房和城乡建设系统工会", short_name="县住建系统工会", code_type="11",
         founded="2001-11-08", chair=("彭德明", "male"), bank="青溪农商银行城关支行", document_code="青建工",
         address="青溪县城关镇新华街40号"),
]

ABC, ICBC, CCB, RCB, PSBC = (
    "中国农业银行青溪县支行", "中国工商银行青溪支行", "中国建设银行青溪支行", "青溪农商银行城关支行",
    "中国邮政储蓄银行青溪县支行",
)

GRASSROOTS = [
    # --- enterprises (企业) ------------------------------------------------------------------
    Unit("hengda", f"{COUNTY}恒达机械制造有限公司工会", "恒达机械工会", "fed", "enterprise", "enterprise", 310,
         "1998-05-12", ("刘志强", "male"), "factory", "91", ("model", 2023), ICBC, rate=0.93,
         address="青溪县工业园区创业大道18号",
         branches=(
             Branch("铸造车间工会", 0.25, ("熔炼班组工会小组", "造型班组工会小组"), ("advanced", 2024)),
             Branch("机加工车间工会", 0.30, ("数控班组工会小组", "车工班组工会小组")),
             Branch("装配车间工会", 0.22, ("总装一班工会小组",)),
             Branch("职能部门分会", 0.13),
         )),
    Unit("xinyuan", f"{COUNTY}鑫源水泥有限公司工会", "鑫源水泥工会", "fed", "enterprise", "enterprise", 420,
         "1993-08-01", ("唐永刚", "male"), "cement", "91", ("advanced", 2020), ABC,
         address="青溪县石桥镇水泥厂路1号",
         branches=(
             Branch("生料车间工会", 0.22, ("原料班组工会小组",)),
             Branch("烧成车间工会", 0.26, ("窑头班组工会小组", "窑尾班组工会小组")),
             Branch("制成车间工会", 0.22),
             Branch("机电维修分会", 0.12),
             Branch("销售分会", 0.08),
         )),
    Unit("yunling", f"{COUNTY}云岭茶业有限责任公司工会", "云岭茶业工会", "fed", "enterprise", "enterprise", 260,
         "2006-03-15", ("邓春梅", "female"), "tea", "91", ("qualified", 2021), RCB,
         address="青溪县白云乡茶山村5组",
         branches=(Branch("制茶车间工会", 0.45, ("精制班组工会小组",)), Branch("茶园基地分会", 0.40))),
    Unit("rcb", "青溪农村商业银行股份有限公司工会", "青溪农商银行工会", "fed", "enterprise", "enterprise", 180,
         "2012-12-20", ("蒋文斌", "male"), "bank", "91", ("advanced", 2022), RCB,
         address="青溪县城关镇人民路102号",
         branches=(Branch("营业部分会", 0.30), Branch("城关支行分会", 0.30), Branch("乡镇网点联合分会", 0.30))),
    Unit("water", f"{COUNTY}自来水有限公司工会", "自来水公司工会", "building", "enterprise", "enterprise", 90,
         "1996-07-01", ("谢光荣", "male"), "utility", "91", ("qualified", 2019), ABC,
         address="青溪县城关镇滨江路20号"),
    Unit("hongfa", f"{COUNTY}宏发食品有限公司工会", "宏发食品工会", "fed", "enterprise", "enterprise", 150,
         "2017-10-11", ("冯晓琴", "female"), "food", "91", None, RCB, rate=0.66,
         address="青溪县工业园区兴业路9号"),
    Unit("jincheng", f"{COUNTY}锦程纺织有限公司工会", "锦程纺织工会", "fed", "enterprise", "enterprise", 220,
         "2009-04-28", ("曾玉兰", "female"), "textile", "91", ("qualified", 2018), ICBC,
         address="青溪县工业园区纺织路6号",
         branches=(Branch("纺纱车间工会", 0.40, ("甲班工会小组", "乙班工会小组")), Branch("织布车间工会", 0.40))),
    Unit("bus", f"{COUNTY}公共交通有限公司工会", "公交公司工会", "transport", "enterprise", "enterprise", 120,
         "2004-01-16", ("袁志军", "male"), "transport", "91", ("advanced", 2019), ABC,
         address="青溪县城关镇客运站路2号",
         branches=(Branch("一车队分会", 0.40), Branch("二车队分会", 0.40))),
    Unit("shuntong", f"{COUNTY}顺通客运有限公司工会", "顺通客运工会", "transport", "enterprise", "enterprise", 80,
         "2008-09-09", ("潘建军", "male"), "transport", "91", ("qualified", 2020), CCB,
         address="青溪县城关镇客运站路16号"),
    Unit("chengtou", f"{COUNTY}城市建设投资有限公司工会", "城投公司工会", "building", "enterprise", "enterprise", 60,
         "2011-06-30", ("韩雪", "female"), "office", "91", ("qualified", 2022), CCB,
         address="青溪县城关镇新华街40号"),
    # --- public institutions (事业): schools and hospitals ------------------------------------
    Unit("no1", f"{COUNTY}第一中学工会", "县一中工会", "edu", "institution", "school", 210,
         "1984-10-08", ("黄丽", "female"), "school", "12", ("model", 2021), CCB, rate=1.0,
         address="青溪县城关镇文昌路1号",
         branches=(
             Branch("高一年级组分会", 0.25, ("高一语文组工会小组",)),
             Branch("高二年级组分会", 0.25),
             Branch("高三年级组分会", 0.25, ("高三数学组工会小组",), ("qualified", 2023)),
             Branch("行政后勤分会", 0.15),
         )),
    Unit("no2", f"{COUNTY}第二中学工会", "县二中工会", "edu", "institution", "school", 130,
         "1988-09-01", ("吴德明", "male"), "school", "12", ("qualified", 2020), CCB,
         address="青溪县石桥镇学府路8号",
         branches=(Branch("初中部分会", 0.45), Branch("高中部分会", 0.45))),
    Unit("shiyan", f"{COUNTY}实验小学工会", "实验小学工会", "edu", "institution", "school", 120,
         "1990-09-10", ("钟慧敏", "female"), "primary", "12", ("advanced", 2023), CCB,
         address="青溪县城关镇育才路5号",
         branches=(Branch("低段年级组分会", 0.45), Branch("高段年级组分会", 0.45))),
    Unit("vocational", f"{COUNTY}职业高级中学工会", "县职中工会", "edu", "institution", "school", 95,
         "1994-03-12", ("陆振华", "male"), "vocational", "12", ("qualified", 2022), CCB,
         address="青溪县工业园区职教路2号"),
    Unit("kinder", f"{COUNTY}城关幼儿园工会", "城关幼儿园工会", "edu", "institution", "school", 45,
         "2003-05-20", ("汪小燕", "female"), "kindergarten", "12", ("qualified", 2024), None,
         address="青溪县城关镇东街22号"),
    Unit("hospital", f"{COUNTY}人民医院工会", "县医院工会", "health", "institution", "hospital", 480,
         "1983-06-01", ("罗晓红", "female"), "hospital", "12", ("model", 2022), ICBC,
         address="青溪县城关镇健康路1号",
         branches=(
             Branch("内科分会", 0.22),
             Branch("外科分会", 0.20),
             Branch("护理分会", 0.25, ("急诊护理工会小组", "住院部护理工会小组"), ("advanced", 2023)),
             Branch("医技分会", 0.13),
             Branch("行政后勤分会", 0.12),
         )),
    Unit("tcm", f"{COUNTY}中医医院工会", "县中医院工会", "health", "institution", "hospital", 200,
         "1991-11-15", ("曹永庆", "male"), "hospital", "12", ("advanced", 2021), ICBC,
         address="青溪县城关镇健康路28号",
         branches=(Branch("临床分会", 0.50), Branch("医技后勤分会", 0.35))),
    Unit("mch", f"{COUNTY}妇幼保健院工会", "妇幼保健院工会", "health", "institution", "hospital", 90,
         "1999-03-08", ("田静", "female"), "hospital", "12", ("qualified", 2021), ABC,
         address="青溪县城关镇南门街15号"),
    Unit("cdc", f"{COUNTY}疾病预防控制中心工会", "县疾控中心工会", "health", "institution", "public_institution", 45,
         "2002-08-19", ("董国庆", "male"), "cdc", "12", ("qualified", 2017), None,
         address="青溪县城关镇健康路40号"),
    # --- government organs (机关), townships and communities ----------------------------------
    Unit("govoffice", f"{COUNTY}人民政府办公室工会", "县府办工会", "organs", "organ", "government", 60,
         "1987-05-01", ("许建军", "male"), "organ", "11", ("qualified", 2023), ABC,
         address="青溪县城关镇人民路1号"),
    Unit("finance", f"{COUNTY}财政局工会", "县财政局工会", "organs", "organ", "government", 50,
         "1989-04-15", ("梁秀珍", "female"), "organ", "11", ("advanced", 2024), ABC,
         address="青溪县城关镇人民路11号"),
    Unit("hrss", f"{COUNTY}人力资源和社会保障局工会", "县人社局工会", "organs", "organ", "government", 55,
         "1995-07-07", ("宋立新", "male"), "organ", "11", ("qualified", 2022), ICBC,
         address="青溪县城关镇新华街18号"),
    Unit("transbureau", f"{COUNTY}交通运输局机关工会", "县交通局机关工会", "transport", "organ", "government", 40,
         "1993-06-18", ("陈红梅", "female"), "organ", "11", ("qualified", 2020), ABC,
         address="青溪县城关镇滨江路156号"),
    Unit("chengguan", f"{COUNTY}城关镇工会", "城关镇工会", "fed", "organ", "township", 85,
         "1986-03-20", ("杜文杰", "male"), "township", "11", ("advanced", 2022), RCB,
         address="青溪县城关镇东街1号"),
    Unit("shiqiao", f"{COUNTY}石桥镇工会", "石桥镇工会", "fed", "organ", "township", 45,
         "1988-05-26", ("任小兵", "male"), "township", "11", ("qualified", 2021), RCB,
         address="青溪县石桥镇正街30号"),
    Unit("baiyun", f"{COUNTY}白云乡工会", "白云乡工会", "fed", "organ", "township", 30,
         "1990-10-10", ("苏桂英", "female"), "township", "11", ("qualified", 2016), None,
         address="青溪县白云乡场镇街1号"),
    Unit("dongjie", f"{COUNTY}城关镇东街社区工会", "东街社区工会", "fed", "organ", "community", 20,
         "2014-06-12", ("叶敏", "female"), "community", "81", ("qualified", 2019), None,
         address="青溪县城关镇东街社区服务中心"),
    Unit("nanmen", f"{COUNTY}城关镇南门社区工会", "南门社区工会", "fed", "organ", "community", 18,
         "2015-09-03", ("姚春燕", "female"), "community", "81", ("qualified", 2020), PSBC,
         address="青溪县城关镇南门社区服务中心"),
    # --- industry (产业): federations of small employers and a construction project --------------
    Unit("park", f"{COUNTY}工业园区非公有制企业联合工会", "园区联合工会", "fed", "industry", "regional", 230,
         "2010-07-01", ("魏长春", "male"), "small_firms", "81", ("qualified", 2021), RCB, rate=0.73,
         employers=(("青溪县瑞丰塑业有限公司", ("注塑工", "包装工", "模具工", "仓管员")),
                    ("青溪县金盾包装制品有限公司", ("制袋工", "印刷工", "包装工", "业务员")),
                    ("青溪县华信电子科技有限公司", ("电子装配工", "焊锡工", "质检员", "技术员")),
                    ("青溪县利民建材有限公司", ("搅拌站操作工", "装卸工", "驾驶员", "会计")),
                    ("青溪县安达汽车修理有限公司", ("汽修工", "钣金工", "喷漆工", "前台接待")),
                    ("青溪县博源印务有限公司", ("印刷工", "装订工", "排版员", "业务员"))),
         address="青溪县工业园区管委会"),
    Unit("catering", f"{COUNTY}餐饮行业工会联合会", "餐饮行业工会联合会", "fed", "industry", "regional", 140,
         "2016-04-22", ("沈丽娟", "female"), "catering", "81", ("qualified", 2022), PSBC,
         employers=(("青溪县老码头火锅店", ()), ("青溪县味之源餐饮管理有限公司", ()),
                    ("青溪县滨江大酒店有限公司", ("厨师", "服务员", "前台接待", "客房服务员", "领班")),
                    ("青溪县家常菜馆", ()), ("青溪县好又来面馆", ("面点师", "服务员", "帮厨", "收银员")))),
    Unit("express", f"{COUNTY}快递物流行业工会联合会", "快递物流行业工会联合会", "transport", "industry",
         "regional", 90, "2019-11-18", ("熊伟", "male"), "logistics", "81", None, RCB,
         employers=(("青溪县速达快递服务有限公司", ()), ("青溪县通达物流有限公司", ("分拣员", "货车司机", "调度员")),
                    ("青溪县乡村邮递服务站", ("投递员", "网点负责人")))),
    Unit("binjiang", f"{COUNTY}滨江花园二期项目工会", "滨江花园项目工会", "building", "industry", "project", 160,
         "2025-03-01", ("毛建平", "male"), "project", "91", None, CCB, rate=0.86,
         employers=(("青溪县第二建筑工程有限公司", ("施工员", "安全员", "资料员", "质检员", "塔吊司机", "钢筋工")),
                    # Listed twice: most of a site's workers are the labour subcontractor's.
                    ("青溪县鑫筑劳务有限公司", ("钢筋工", "木工", "架子工", "混凝土工", "砌筑工", "抹灰工", "杂工")),
                    ("青溪县鑫筑劳务有限公司", ("钢筋工", "木工", "架子工", "混凝土工", "砌筑工", "水电工", "杂工")),
                    ("青溪县恒安钢结构工程有限公司", ("电焊工", "钢结构安装工", "起重信号工"))),
         address="青溪县城关镇滨江路滨江花园二期工地"),
]


@dataclass(frozen=True)
class Login:
    role: str  # a Role value, or "superuser"
    username: str
    full_name: str
    mobile: str
    organisation: str | None  # a unit key; None for the superuser
    title: str = ""
    also: tuple = ()  # further roles held at the same organisation (a chair is also an officer)


# One per role; the workplace roles share one enterprise union so a demo walks through one unit.
LOGINS = [
    Login("superuser", "admin", "系统管理员", "13900000001", None),
    Login("federation_admin", "fed_admin", "李建国", "13900000002", "fed", "组织部部长"),
    Login("federation_reviewer", "fed_reviewer", "陈晓燕", "13900000003", "fed", "经审办干事"),
    Login("union_chair", "officer", "刘志强", "13900000004", "hengda", "工会主席", also=("union_officer",)),
    Login("welfare_officer", "welfare", "王秀英", "13900000005", "hengda", "帮扶干部"),
    Login("delegate", "delegate", "张伟", "13900000006", "hengda", "职工代表"),
    Login("department", "department", "赵敏", "13900000007", "hengda", "人力资源部"),
    Login("judge", "judge", "杨帆", "13900000008", "fed", "劳动竞赛评委"),
    Login("union_officer", "officer_school", "黄丽", "13900000009", "no1", "工会主席", also=("union_chair",)),
    Login("finance_officer", "finance", "周会芳", "13900000030", "hengda", "工会会计"),
    Login("audit_committee", "audit", "孙立民", "13900000031", "hengda", "经审会主任"),
]
# Logins above who also work at their union, as members: gender and post (chairs come from GRASSROOTS).
LOGIN_MEMBERS = {"welfare": ("female", "工会干事"), "delegate": ("male", "数控操作工"),
                 "department": ("female", "人力资源部部长"), "audit": ("male", "质检员")}


# --- workforce profiles --------------------------------------------------------------------
EDUCATION = ["primary", "junior", "senior", "college", "bachelor", "postgraduate"]


@dataclass(frozen=True)
class Profile:
    female: float  # share of women
    employment: tuple[float, float, float]  # regular, dispatched, migrant
    education: tuple[float, ...]  # weights in EDUCATION order
    posts: tuple[str, ...]
    born: tuple[int, int, int] = (1967, 2003, 1985)  # earliest, latest, most common birth year
    rate: tuple[float, float] = (0.86, 0.98)  # membership-rate range when a unit gives none
    retired: float = 0.0  # retired members per active member
    model_worker: float = 0.01
    outsiders: float = 0.03  # share of staff other than migrant workers born outside the county
    dispatched_posts: tuple[str, ...] = ()  # agency staff do these jobs (empty: any post)


PROFILES = {
    "factory": Profile(0.22, (0.72, 0.10, 0.18), (2, 20, 38, 25, 14, 1),
                       ("车工", "钳工", "焊工", "电工", "铸造工", "装配工", "数控操作工", "质检员", "仓管员",
                        "技术员", "机械工程师", "叉车司机", "销售员", "会计", "行政文员"), retired=0.04,
                       model_worker=0.02, outsiders=0.1),
    "cement": Profile(0.18, (0.75, 0.10, 0.15), (3, 25, 40, 20, 11, 1),
                      ("窑操作工", "巡检工", "机修工", "电工", "化验员", "中控操作员", "包装工", "装卸工", "驾驶员",
                       "技术员"), born=(1967, 2002, 1980), retired=0.06, model_worker=0.015, outsiders=0.08),
    "tea": Profile(0.62, (0.60, 0.05, 0.35), (10, 35, 30, 15, 10, 0),
                   ("制茶工", "采茶工", "包装工", "品控员", "销售员", "茶艺师", "仓管员", "会计"),
                   born=(1967, 2003, 1978), outsiders=0.05),
    "bank": Profile(0.55, (0.90, 0.10, 0.0), (0, 0, 2, 23, 70, 5),
                    ("柜员", "客户经理", "信贷员", "大堂经理", "会计主管", "风险管理员", "网点负责人"),
                    rate=(0.95, 1.0), retired=0.05, dispatched_posts=("大堂引导员", "安保员", "押运员")),
    "utility": Profile(0.30, (0.85, 0.15, 0.0), (1, 15, 40, 30, 14, 0),
                       ("制水工", "水质化验员", "管网维修工", "抄表员", "客服专员", "泵站操作工"), retired=0.06),
    "food": Profile(0.58, (0.45, 0.20, 0.35), (8, 45, 32, 10, 5, 0),
                    ("生产线操作工", "包装工", "品控员", "仓管员", "配送司机", "销售员", "机修工"),
                    born=(1968, 2003, 1988), outsiders=0.15),
    "textile": Profile(0.68, (0.55, 0.15, 0.30), (6, 42, 35, 12, 5, 0),
                       ("挡车工", "纺纱工", "织布工", "保全工", "质检员", "整经工", "仓管员"), outsiders=0.15),
    "transport": Profile(0.20, (0.85, 0.10, 0.05), (1, 30, 45, 18, 6, 0),
                         ("公交驾驶员", "客运驾驶员", "乘务员", "调度员", "安全员", "修理工", "售票员"),
                         born=(1967, 2000, 1980), retired=0.05, model_worker=0.02),
    "office": Profile(0.45, (0.90, 0.10, 0.0), (0, 2, 8, 30, 55, 5),
                      ("项目经理", "工程师", "会计", "出纳", "综合文员", "造价员", "融资专员")),
    "school": Profile(0.62, (0.97, 0.03, 0.0), (0, 0, 1, 9, 80, 10),
                      ("语文教师", "数学教师", "英语教师", "物理教师", "化学教师", "生物教师", "政治教师", "历史教师",
                       "地理教师", "体育教师", "音乐教师", "美术教师", "信息技术教师", "教务员", "后勤管理员", "校医"),
                      born=(1967, 2001, 1982), rate=(0.98, 1.0), retired=0.07, model_worker=0.015,
                      dispatched_posts=("宿管员", "安保员", "食堂厨师")),
    "primary": Profile(0.78, (0.97, 0.03, 0.0), (0, 0, 1, 24, 72, 3),
                       ("语文教师", "数学教师", "英语教师", "科学教师", "体育教师", "音乐教师", "美术教师", "道德与法治教师",
                        "教务员", "后勤管理员"), born=(1967, 2002, 1984), rate=(0.98, 1.0), retired=0.07),
    "vocational": Profile(0.45, (0.92, 0.08, 0.0), (0, 0, 2, 20, 72, 6),
                          ("汽修专业教师", "电子专业教师", "烹饪专业教师", "实训指导教师", "语文教师", "数学教师",
                           "学生管理干事"), rate=(0.96, 1.0), retired=0.05),
    "kindergarten": Profile(0.95, (0.80, 0.20, 0.0), (0, 2, 18, 55, 25, 0),
                            ("幼儿教师", "保育员", "保健医生", "炊事员"), born=(1972, 2003, 1992), rate=(0.95, 1.0)),
    "hospital": Profile(0.70, (0.88, 0.12, 0.0), (0, 1, 6, 35, 52, 6),
                        ("内科医师", "外科医师", "儿科医师", "妇产科医师", "护士", "护师", "主管护师", "药剂师",
                         "检验技师", "影像技师", "麻醉医师", "收费员", "行政干事"),
                        born=(1967, 2002, 1987), rate=(0.92, 1.0), retired=0.05, model_worker=0.015,
                        dispatched_posts=("护理员", "导医", "收费员", "保洁员", "安保员")),
    "cdc": Profile(0.55, (0.90, 0.10, 0.0), (0, 0, 3, 27, 62, 8),
                   ("公卫医师", "检验技师", "疾控医师", "行政干事"), rate=(0.95, 1.0), retired=0.06),
    "organ": Profile(0.42, (0.93, 0.07, 0.0), (0, 0, 2, 15, 73, 10),
                     ("一级科员", "二级科员", "四级主任科员", "科长", "副科长", "办事员", "档案管理员", "驾驶员"),
                     born=(1967, 2002, 1981), rate=(0.94, 1.0), retired=0.08,
                     dispatched_posts=("驾驶员", "文印员", "窗口辅助人员")),
    "township": Profile(0.38, (0.90, 0.10, 0.0), (0, 1, 8, 35, 54, 2),
                        ("乡镇干部", "农业服务中心干事", "社保协理员", "驻村干部", "文化站干事", "财政所干事"),
                        rate=(0.92, 1.0), retired=0.06),
    "community": Profile(0.75, (0.85, 0.15, 0.0), (0, 4, 26, 45, 25, 0),
                         ("社区专职工作者", "网格员", "社区干事", "社区主任"), born=(1970, 2002, 1988),
                         rate=(0.90, 1.0)),
    "small_firms": Profile(0.45, (0.60, 0.10, 0.30), (5, 38, 35, 15, 7, 0),
                           ("注塑工", "包装工", "电子装配工", "汽修工", "印刷工", "业务员", "会计", "仓管员"),
                           born=(1968, 2003, 1988), outsiders=0.18),
    "catering": Profile(0.60, (0.55, 0.05, 0.40), (8, 50, 30, 10, 2, 0),
                        ("厨师", "面点师", "服务员", "传菜员", "收银员", "领班", "帮厨"), born=(1968, 2003, 1990),
                        outsiders=0.15),
    "logistics": Profile(0.22, (0.50, 0.15, 0.35), (2, 38, 40, 15, 5, 0),
                         ("快递员", "分拣员", "网点负责人", "客服专员", "货车司机"), born=(1970, 2003, 1992),
                         outsiders=0.15),
    "project": Profile(0.07, (0.08, 0.04, 0.88), (25, 50, 18, 4, 3, 0),
                       ("钢筋工", "木工", "架子工", "混凝土工", "砌筑工", "水电工", "塔吊司机", "抹灰工", "杂工",
                        "施工员", "安全员", "资料员"), born=(1966, 2002, 1976), outsiders=0.3),
}
# Posts that need a degree: a project's clerks, not its labourers.
SKILLED_POSTS = {"施工员", "安全员", "资料员", "工程师", "机械工程师", "技术员", "会计", "会计主管"}

# --- names ---------------------------------------------------------------------------------
# Common surnames, most frequent first (weights fall off with rank).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_CHARS = "伟强军磊勇杰涛明斌超刚平辉鹏华飞鑫波宇浩凯健俊帆峰建国林志文东海亮成龙兵雷洪春德福荣贵兴旭阳晨睿博毅"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧琳萍红梅莉兰琴云洁颖倩蓉晶佳欣怡璐瑶月秀英凤丹琼薇梦"
NEUTRAL_CHARS = "小晓文子思家嘉一雨新永玉金天世紫婉俊宏正光"

ETHNICITIES = [("汉族", 930), ("彝族", 25), ("藏族", 15), ("回族", 15), ("羌族", 7), ("土家族", 5), ("苗族", 3)]
# Yi names: a clan name and a given name; Tibetan names: two given names, no surname.
YI_CLANS = ("阿苏", "吉克", "沙马", "曲比", "阿约", "海来", "马海", "俄木")
YI_GIVEN = {"male": ("木呷", "拉火", "伍各", "尔古", "日哈", "阿木"), "female": ("阿依", "阿芝", "么么", "石莫", "日果", "阿呷")}
TIBETAN_FIRST = ("扎西", "次仁", "格桑", "洛桑", "达瓦", "尼玛", "德吉", "索朗")
TIBETAN_SECOND = {"male": ("多吉", "平措", "次仁", "扎西", "尼玛", "旺堆"),
                  "female": ("卓玛", "拉姆", "央金", "措姆", "央宗", "曲珍")}
HUI_SURNAMES = "马马马白哈沙丁穆"

# Mobile prefixes of the three carriers.
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "187", "188",
                   "189", "191", "198", "199")
BANK_ACCOUNT_PREFIXES = {ABC: "22810101040", ICBC: "23150208090", CCB: "51050168360", RCB: "88060101200",
                         PSBC: "95110000101"}
