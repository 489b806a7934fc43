from ninja import Router

router = Router(tags=["执法主体与人员"])
